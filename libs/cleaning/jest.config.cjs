module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'cleaning',
  rootDir: __dirname,
};
