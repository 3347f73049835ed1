import nx from '@nx/eslint-plugin';

// type:* says what a project is, scope:no-aws that it runs without AWS,
// layer:* where it sits in the flow (see ../shared/docs/ARCHITECTURE.md). layer:util (shared
// helpers) may be imported by every project and imports nothing of ours.
const constraints = (inTests) => {
  // Tests may start the embedded stack and build their expected values with cleaning.
  const testOnly = inTests ? [] : ['layer:stack', 'layer:cleaning', 'layer:csv'];
  return [
    { sourceTag: 'type:model', onlyDependOnLibsWithTags: ['layer:util'] },
    { sourceTag: 'layer:util', onlyDependOnLibsWithTags: [] },
    { sourceTag: 'type:lib', onlyDependOnLibsWithTags: ['type:model', 'type:lib'] },
    { sourceTag: 'type:app', onlyDependOnLibsWithTags: ['type:model', 'type:lib'] },
    { sourceTag: 'type:tool', onlyDependOnLibsWithTags: ['type:model', 'type:lib'] },
    {
      sourceTag: 'scope:no-aws',
      onlyDependOnLibsWithTags: ['scope:no-aws'],
      bannedExternalImports: ['@aws-sdk/*', 'aws-sdk'],
    },
    { sourceTag: 'layer:s3', notDependOnLibsWithTags: ['layer:dynamodb', 'layer:cleaning', 'layer:plots', 'layer:queries', ...(inTests ? [] : ['layer:stack'])] },
    { sourceTag: 'layer:dynamodb', notDependOnLibsWithTags: ['layer:s3', 'layer:plots', 'layer:queries', ...testOnly] },
    { sourceTag: 'layer:queries', notDependOnLibsWithTags: ['layer:s3', 'layer:plots', ...testOnly] },
    { sourceTag: 'layer:cleaning', notDependOnLibsWithTags: ['layer:s3', 'layer:dynamodb', 'layer:plots', 'layer:queries', 'layer:stack'] },
    { sourceTag: 'layer:plots', notDependOnLibsWithTags: ['layer:s3', 'layer:dynamodb', 'layer:cleaning', 'layer:queries', 'layer:stack'] },
    // One partition end to end: S3, cleaning and DynamoDB meet here, and only here.
    { sourceTag: 'layer:unit', notDependOnLibsWithTags: ['layer:plots', 'layer:queries'] },
    // The report reads the table through queries and draws with plots; it never touches S3
    // (cleaning is reached only through queries' tests, which the graph counts).
    { sourceTag: 'layer:report', notDependOnLibsWithTags: ['layer:s3', 'layer:unit'] },
    { sourceTag: 'layer:csv', onlyDependOnLibsWithTags: ['layer:util'] },
    // The stack depends on no lib of ours but util; its tests may read CSV with @ecomlake/csv.
    inTests
      ? { sourceTag: 'layer:stack', onlyDependOnLibsWithTags: ['type:model', 'layer:csv', 'layer:util'] }
      : { sourceTag: 'layer:stack', onlyDependOnLibsWithTags: ['type:model', 'layer:util'] },
  ];
};

const boundaries = (inTests) => [
  'error',
  { enforceBuildableLibDependency: true, allow: [], depConstraints: constraints(inTests) },
];

export default [
  ...nx.configs['flat/base'],
  ...nx.configs['flat/typescript'],
  {
    ignores: ['**/dist', '**/node_modules', '**/out', '**/.data', '**/coverage', '**/test-output'],
  },
  {
    files: ['**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': boundaries(false),
      '@typescript-eslint/no-explicit-any': 'error',
    },
  },
  {
    // Specs may start the embedded stack to test against real servers, use cleaning for expected values,
    // and (local-stack's) read CSV with @ecomlake/csv.
    files: ['**/*.spec.ts', '**/test/**/*.ts', '**/test-fixtures/**/*.ts'],
    rules: { '@nx/enforce-module-boundaries': boundaries(true) },
  },
];
