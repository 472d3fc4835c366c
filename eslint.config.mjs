// @ts-check
import eslint from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      'coverage/**',
      'bench/results/**',
      'bin/**',
      'jest.config.js',
      'eslint.config.mjs',
    ],
  },
  eslint.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      // Nest resolves constructor parameters by their runtime types: an injected class
      // must stay a value import, so type-only imports are required only where asked.
      '@typescript-eslint/consistent-type-imports': [
        'error',
        { prefer: 'type-imports', fixStyle: 'inline-type-imports', disallowTypeAnnotations: false },
      ],
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
      '@typescript-eslint/no-extraneous-class': 'off',
    },
  },
  {
    files: [
      'src/**/*.controller.ts',
      'src/**/*.command.ts',
      'src/**/*.query.ts',
      'src/**/*.module.ts',
      'src/**/*.dto.ts',
      'src/**/*-loader.ts',
      'src/**/*-importer.ts',
      'src/**/*.filter.ts',
    ],
    // Decorated classes: their constructor and parameter types are read at run time.
    rules: { '@typescript-eslint/consistent-type-imports': 'off' },
  },
  {
    // The analyst's page: browser ES modules, type-checked (checkJs, the DOM lib) through
    // their own src/page/assets/tsconfig.json, which `npm run lint` also runs: the type
    // checker already refuses an undefined name, as typescript-eslint advises for TS.
    files: ['src/page/assets/**/*.js'],
    languageOptions: { sourceType: 'module' },
    rules: { 'no-undef': 'off' },
  },
  {
    files: ['test/**/*.ts', 'src/**/*.spec.ts'],
    rules: { '@typescript-eslint/unbound-method': 'off' },
  },
  prettier,
);
