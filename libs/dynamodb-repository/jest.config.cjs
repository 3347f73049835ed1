module.exports = {
  ...require('../../jest.preset.cjs'),
  displayName: 'dynamodb-repository',
  rootDir: __dirname,
};
