module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'queries',
  rootDir: __dirname,
};
