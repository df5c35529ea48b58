/**
 * The layers, checked on the transitive import graph (a Node import two hops away counts):
 *   renderer → contract (its types and schemas) only;
 *   contract → nothing of the station's runtime and no Node built-in (its domain/ holds the pure
 *   types and codes both sides share);
 *   services, store, host, cli, native → never Electron (they run in plain Node);
 *   native → nothing under electron/ (device I/O knows no station).
 */
const nodeRuntime = '^(electron/(services|store|host|cli|main|preload)|native|server)/';
module.exports = {
  forbidden: [
    { name: 'no-circular', severity: 'error', from: {}, to: { circular: true } },
    {
      name: 'renderer-reaches-contract-only',
      comment: 'The renderer runs in a sandboxed page; it reaches the station only through the contract.',
      severity: 'error',
      from: { path: '^renderer/' },
      to: { path: nodeRuntime, reachable: true },
    },
    {
      name: 'renderer-no-node',
      comment: 'No Node built-in anywhere below the renderer, however many hops away.',
      severity: 'error',
      from: { path: '^renderer/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'contract-is-pure',
      comment: 'The contract is shared with the renderer: it may not import services, the store or a shell.',
      severity: 'error',
      from: { path: '^electron/contract/' },
      to: { path: nodeRuntime },
    },
    {
      name: 'contract-no-node',
      comment: 'The renderer imports the contract, so no Node built-in may stand below it either.',
      severity: 'error',
      from: { path: '^electron/contract/' },
      to: { dependencyTypes: ['core'] },
    },
    {
      name: 'plain-node-never-electron',
      comment:
        'Services, store, host, CLI and device I/O run in plain Node: Electron stays in main and preload.',
      severity: 'error',
      from: { path: '^(electron/(services|store|contract|host|cli)|native|server)/' },
      to: { path: '^electron$|node_modules/electron/', reachable: true },
    },
    {
      name: 'services-refuse-in-domain-words',
      comment:
        'Services throw DomainError (contract/domain/errors); only the handler layer (handlers.ts) and the dispatcher speak ContractError, so the translation stays in one place.',
      severity: 'error',
      from: { path: '^electron/services/', pathNot: '/handlers[.]ts$' },
      to: { path: '^electron/contract/errors[.]ts$', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'native-knows-no-station',
      comment: 'Device I/O (framing, protocol, transports, simulator) is below the station.',
      severity: 'error',
      from: { path: '^native/' },
      to: { path: '^electron/' },
    },
  ],
  options: {
    tsConfig: { fileName: 'tsconfig.json' },
    doNotFollow: { path: 'node_modules' },
    exclude: { path: '^(test|bench)/' },
  },
};
