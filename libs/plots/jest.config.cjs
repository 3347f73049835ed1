module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'plots',
  rootDir: __dirname,
};
