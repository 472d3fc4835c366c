import { getMetadataStorage, type ValidationArguments } from 'class-validator';

/**
 * What class-validator keeps of one decorator on one property (the fields of its own
 * `ValidationMetadata` that this module reads).
 */
interface ConstraintMetadata {
  /** `customValidation`, `conditionalValidation` (IsOptional, ValidateIf), `nestedValidation`, ... */
  readonly type: string;
  readonly name?: string;
  readonly target: unknown;
  readonly propertyName: string;
  readonly constraints?: readonly unknown[];
  readonly each?: boolean;
  readonly message?: string | ((args: ValidationArguments) => string);
  readonly constraintCls?: new () => { defaultMessage?: (args: ValidationArguments) => string };
}

/** The schema keywords of one property, in the shape `@ApiProperty(...)` takes them. */
export type PropertySchema = Record<string, unknown>;

/** The name `@nestjs/swagger` reads a class's plugin metadata from. */
const METADATA_FACTORY = '_OPENAPI_METADATA_FACTORY';

type Factory = () => Record<string, PropertySchema>;

/** The factories this module installed, each with the one it replaced (if any). */
const installed = new WeakMap<Factory, Factory | undefined>();

const SCALAR_TYPES = new Map<unknown, string>([
  [String, 'string'],
  [Number, 'number'],
  [Boolean, 'boolean'],
]);

/**
 * Adds to the OpenAPI description of every class class-validator knows (the bodies and
 * queries the API validates) what its decorators enforce: required or optional, types,
 * enums, patterns, bounds and formats, and a sentence for each custom rule.
 *
 * The Nest CLI plugin's own "class-validator shim" reads decorators in the source and so
 * misses what they hide behind a helper (`IsActorId()`, `FieldRules.quote()`, a bound given
 * as a constant). The rules class-validator registered at run time are the very ones it
 * enforces, so the schema cannot promise less or more than the validation pipe. What the
 * plugin metadata already says (TypeScript types, nullability, doc comments) is kept;
 * the constraints read here win where both speak.
 */
export function applyValidationConstraints(): void {
  for (const [target, properties] of constraintsByClass()) {
    const own = Object.prototype.hasOwnProperty.call(target, METADATA_FACTORY)
      ? (target as unknown as Record<string, Factory>)[METADATA_FACTORY]
      : undefined;
    // Each app start applies this again: merge onto the plugin's factory, never onto ours.
    const original = own !== undefined && installed.has(own) ? installed.get(own) : own;
    const fromPlugin = original ? original() : {};
    const merged: Record<string, PropertySchema> = { ...fromPlugin };
    for (const [property, metadata] of properties) {
      const plugin = fromPlugin[property] ?? {};
      merged[property] = mergeProperty(plugin, describeProperty(target, property, metadata));
    }
    const factory: Factory = () => merged;
    installed.set(factory, original);
    Object.defineProperty(target, METADATA_FACTORY, {
      value: factory,
      configurable: true,
      writable: true,
    });
  }
}

/** Each validated class with its own (not inherited) properties' decorators. */
function constraintsByClass(): Map<object, Map<string, ConstraintMetadata[]>> {
  const storage = getMetadataStorage() as unknown as {
    validationMetadatas: Map<unknown, ConstraintMetadata[]>;
  };
  const classes = new Map<object, Map<string, ConstraintMetadata[]>>();
  for (const [target, metadatas] of storage.validationMetadatas) {
    if (typeof target !== 'function') continue;
    const properties = new Map<string, ConstraintMetadata[]>();
    for (const metadata of metadatas) {
      if (metadata.target !== target) continue;
      const list = properties.get(metadata.propertyName) ?? [];
      list.push(metadata);
      properties.set(metadata.propertyName, list);
    }
    classes.set(target, properties);
  }
  return classes;
}

function mergeProperty(plugin: PropertySchema, derived: PropertySchema): PropertySchema {
  const typed = 'type' in plugin || 'enum' in plugin;
  const { type, items, description, ...constraints } = derived;
  const merged: PropertySchema = { ...plugin, ...constraints };
  // The doc comment first, then what the rules ask.
  const sentences = [plugin.description, description].filter((d) => typeof d === 'string');
  if (sentences.length > 0) merged.description = sentences.join(' ');
  if (!typed && type !== undefined) merged.type = type;
  if (
    items !== undefined &&
    (!typed || plugin.isArray === true || Array.isArray(pluginType(plugin)))
  )
    merged.items = { ...(isRecord(plugin.items) ? plugin.items : {}), ...(items as object) };
  if (merged.items !== undefined && Array.isArray(pluginType(plugin))) {
    // The plugin's `type: () => [String]` says "array of strings"; the items keep its type.
    merged.type = 'array';
    merged.items = { type: scalarName(pluginType(plugin)), ...(merged.items as object) };
    delete merged.isArray;
  }
  if (isRecord(merged.items) && 'enum' in merged && merged.type === 'array') {
    merged.items = { ...merged.items, enum: merged.enum };
    delete merged.enum;
  }
  return merged;
}

function pluginType(plugin: PropertySchema): unknown {
  return typeof plugin.type === 'function' && !SCALAR_TYPES.has(plugin.type)
    ? (plugin.type as () => unknown)()
    : plugin.type;
}

function scalarName(type: unknown): string {
  const inner = Array.isArray(type) ? (type[0] as unknown) : type;
  return SCALAR_TYPES.get(inner) ?? 'string';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** The schema keywords one property's decorators amount to. */
function describeProperty(
  target: object,
  property: string,
  metadatas: readonly ConstraintMetadata[],
): PropertySchema {
  const own: PropertySchema = {};
  const items: PropertySchema = {};
  const ownPatterns: string[] = [];
  const itemPatterns: string[] = [];
  const rules: string[] = [];
  own.required = !metadatas.some((m) => m.type === 'conditionalValidation');
  // TypeScript's emitted type (String, Number, Array, ...), when the plugin gave none.
  const designType: unknown = Reflect.getMetadata(
    'design:type',
    (target as { prototype: object }).prototype,
    property,
  );
  const scalar = SCALAR_TYPES.get(designType);
  if (scalar !== undefined) own.type = scalar;
  if (designType === Array) own.type = 'array';
  for (const metadata of metadatas) {
    if (metadata.type !== 'customValidation') continue;
    const schema = metadata.each ? items : own;
    const patterns = metadata.each ? itemPatterns : ownPatterns;
    const [first] = metadata.constraints ?? [];
    switch (metadata.name) {
      case 'isIn':
        schema.enum = [...(first as unknown[])];
        break;
      case 'matches':
        patterns.push(first instanceof RegExp ? first.source : String(first));
        if (typeof metadata.message === 'string') rules.push(ruleSentence(metadata, property));
        break;
      case 'min':
        schema.minimum = first;
        break;
      case 'max':
        schema.maximum = first;
        break;
      case 'minLength':
        schema.minLength = first;
        break;
      case 'maxLength':
        schema.maxLength = first;
        break;
      case 'arrayMinSize':
        own.minItems = first;
        break;
      case 'arrayMaxSize':
        own.maxItems = first;
        break;
      case 'isUuid':
        schema.format = 'uuid';
        break;
      case 'isUrl':
        schema.format = 'uri';
        break;
      case 'isInt':
        schema.type = 'integer';
        break;
      case 'isNumber':
        if (schema.type !== 'integer') schema.type = 'number';
        break;
      case 'isString':
        schema.type = 'string';
        break;
      case 'isBoolean':
        schema.type = 'boolean';
        break;
      case 'isArray':
        own.type = 'array';
        break;
      case 'isObject':
        own.type = 'object';
        break;
      case 'isIso8601':
        if (typeof metadata.message === 'string') rules.push(ruleSentence(metadata, property));
        break;
      default:
        rules.push(ruleSentence(metadata, property));
    }
  }
  if (ownPatterns.length > 0) own.pattern = allOf(ownPatterns);
  if (itemPatterns.length > 0) items.pattern = allOf(itemPatterns);
  // IsInstant: an ISO 8601 string that must hold a time (and, by its other pattern, an offset).
  if (metadatas.some((m) => m.name === 'isIso8601') && ownPatterns.some(isDateTimePattern))
    own.format = 'date-time';
  if (Object.keys(items).length > 0) {
    own.items = { type: 'string', ...items };
    own.type = 'array';
  }
  if (rules.length > 0) own.description = rules.join(' ');
  return own;
}

function isDateTimePattern(pattern: string): boolean {
  return pattern.startsWith('^\\d{4}-\\d{2}-\\d{2}T');
}

/**
 * One ECMA-262 pattern that matches what every one of `patterns` matches (each tested
 * as `RegExp.test` does, anywhere in the value unless anchored), as JSON Schema allows
 * only one `pattern` per schema.
 */
function allOf(patterns: readonly string[]): string {
  const [only] = patterns;
  if (patterns.length === 1 && only !== undefined) return only;
  return patterns.map((p) => (p.startsWith('^') ? `(?=${p})` : `(?=[\\s\\S]*?${p})`)).join('');
}

/** The rule's own message, as a sentence: what a custom validator asks of the value. */
function ruleSentence(metadata: ConstraintMetadata, property: string): string {
  const args: ValidationArguments = {
    value: '',
    constraints: [...(metadata.constraints ?? [])],
    targetName: '',
    object: {},
    property,
  };
  const message =
    typeof metadata.message === 'function'
      ? metadata.message(args)
      : (metadata.message ??
        (metadata.constraintCls ? new metadata.constraintCls().defaultMessage?.(args) : undefined));
  const text = (message ?? `$property must pass ${metadata.name ?? 'a custom rule'}`)
    .replace(/\$property/g, `\`${property}\``)
    .replace(new RegExp(`^${property}\\b`), `\`${property}\``);
  return `${text}.`;
}
