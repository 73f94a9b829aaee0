export default {
  files: ['test/**/*.test.ts'],
  extensions: { ts: 'module' },
  nodeArguments: ['--import=tsx', '--import=./test/helpers/quiet-tf.ts'],
  timeout: '5m',
  workerThreads: false,
};
