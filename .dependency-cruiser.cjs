module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', from: {}, to: { circular: true } },
    { name: 'connectors-import-nothing-above', severity: 'error', from: { path: '^connectors/' }, to: { path: '^(src|resolvers|auth|audit)/' } },
    { name: 'resolvers-not-src', severity: 'error', from: { path: '^resolvers/' }, to: { path: '^src/(?!context)' } },
    { name: 'auth-not-above', severity: 'error', from: { path: '^auth/' }, to: { path: '^(src/(?!context)|resolvers/|connectors/(?!shared/))' } },
    { name: 'audit-not-above', severity: 'error', from: { path: '^audit/' }, to: { path: '^(src/|resolvers/)' } },
    { name: 'context-only-src-resolvers', severity: 'error', from: { pathNot: '^(src|resolvers)/' }, to: { path: '^src/context' } },
  ],
  options: { tsConfig: { fileName: 'tsconfig.json' }, doNotFollow: { path: 'node_modules' }, tsPreCompilationDeps: true, exclude: { path: '^(node_modules|dist|test|bench)' } },
};
