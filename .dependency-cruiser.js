// @ts-check
/**
 * The layer order of src/ (README "Architecture", docs/adr/0006): an import may run
 * down this list or stay within its folder, never up it, and no two folders may import
 * each other, however indirectly. `npm run lint` runs it; `npm run deps:graph` prints
 * the folder graph it checks.
 *
 * Each row is one layer, lowest first; within a layer the folders are ordered too. A
 * total order of the folders is what keeps them from closing a cycle: any cycle between
 * two folders would need an import that runs up the order, which the rules below refuse.
 * Cycles between files (within one folder, too) are refused on their own.
 */
const LAYERS = [
  { layer: 'platform', folders: ['common', 'config', 'database', 'http', 'auth', 'observability'] },
  { layer: 'event store', folders: ['event-store', 'projections'] },
  { layer: 'capabilities', folders: ['actors', 'records', 'analytics', 'ingest', 'coding'] },
  {
    layer: 'delivery',
    folders: ['replay', 'feeds', 'health', 'page', 'sample', 'openapi', 'app', 'cli'],
  },
];

/** Capabilities meet only through each other's public face. */
const CAPABILITIES = ['actors', 'records', 'analytics', 'ingest', 'coding'];

const ORDER = LAYERS.flatMap(({ layer, folders }) => folders.map((folder) => ({ layer, folder })));

/** @type {import('dependency-cruiser').IForbiddenRuleType[]} */
const upwards = ORDER.map(({ layer, folder }, rank) => {
  const above = ORDER.slice(rank + 1);
  return {
    name: `${folder}-imports-upwards`,
    comment: `src/${folder} (${layer}) may import only folders below it: ${ORDER.slice(0, rank)
      .map((below) => below.folder)
      .join(', ')}`,
    severity: 'error',
    from: { path: `^src/${folder}/` },
    to: { path: `^src/(${above.map((a) => a.folder).join('|')})/` },
  };
}).filter((rule) => rule.to.path !== '^src/()/');

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    ...upwards,
    {
      name: 'unknown-folder',
      comment: `every folder of src/ has a place in the layer order (.dependency-cruiser.js)`,
      severity: 'error',
      from: { path: '^src/' },
      to: {
        path: '^src/[^/]+/',
        pathNot: `^src/(${ORDER.map((o) => o.folder).join('|')})/`,
      },
    },
    {
      name: 'capability-internals',
      comment:
        'a capability imports another only through its public face (src/<capability>/index.ts)',
      severity: 'error',
      // A domain may use another capability's domain, its pure vocabulary (an importer's
      // rows become records); domain-is-pure keeps it from anything else.
      from: { path: `^src/(${CAPABILITIES.join('|')})/`, pathNot: '^src/[^/]+/domain/' },
      to: {
        path: `^src/(${CAPABILITIES.join('|')})/.+`,
        pathNot: [`^src/(${CAPABILITIES.join('|')})/index\\.ts$`, '^src/$1/'],
      },
    },
    {
      name: 'domain-is-pure',
      comment:
        "a capability's domain/ is plain TypeScript: no Nest, no adapter, nothing outside the domain but common/",
      severity: 'error',
      from: { path: '^src/([^/]+)/domain/' },
      to: {
        // The port's plain types (events, positions, the stream-command model) are the
        // domain's vocabulary too; the adapters are not.
        // Another capability's domain is pure too (the capability-internals rule still
        // sends capabilities to each other's public face).
        pathNot: [
          '^src/$1/domain/',
          '^src/common/',
          '^src/event-store/[^/]+\\.ts$',
          `^src/(${CAPABILITIES.join('|')})/domain/`,
        ],
        dependencyTypesNot: ['core'],
      },
    },
    {
      name: 'no-file-cycle',
      comment: 'two modules that import each other, however indirectly',
      severity: 'error',
      from: { path: '^src/' },
      to: { circular: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    includeOnly: '^src/',
    exclude: { path: '\\.spec\\.ts$' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default'],
    },
  },
};
