import { bucketNameProblem, dayProblem, tableNameProblem } from './checks';

describe('tableNameProblem (DynamoDB: 3-255 of a-z A-Z 0-9 _ . -)', () => {
  test.each(['abc', 'ecomlake-orders', 'My_Table.v2', 'x'.repeat(255)])('accepts %s', (name) => expect(tableNameProblem(name)).toBeUndefined());
  test.each([
    ['my orders', 'a table name has only letters, digits, _ . and - (not " ")'],
    ['ab', 'a table name has 3 to 255 characters (this one has 2)'],
    ['x'.repeat(256), 'a table name has 3 to 255 characters (this one has 256)'],
    ['"orders', 'a table name has only letters, digits, _ . and - (not "\\"")'],
    ['tábla/1', 'a table name has only letters, digits, _ . and - (not "á", "/")'],
  ])('refuses %j', (name, why) => expect(tableNameProblem(name)).toBe(why));
});

describe('bucketNameProblem (S3 general purpose buckets)', () => {
  test.each(['abc', 'ecomlake-lake', 'my.lake.2024', '1bucket', 'a'.repeat(63)])('accepts %s', (name) => expect(bucketNameProblem(name)).toBeUndefined());
  test.each([
    ['My_Bucket', 'a bucket name has only lowercase letters, digits, dots and hyphens (not "M", "_", "B")'],
    ['ab', 'a bucket name has 3 to 63 characters (this one has 2)'],
    ['a'.repeat(64), 'a bucket name has 3 to 63 characters (this one has 64)'],
    ['-lake', 'a bucket name begins and ends with a letter or a digit'],
    ['lake.', 'a bucket name begins and ends with a letter or a digit'],
    ['my..lake', 'a bucket name has no two dots in a row'],
    ['192.168.5.4', 'a bucket name is not an IP address'],
    ['xn--lake', 'bucket names starting with "xn--" are reserved by S3'],
    ['sthree-lake', 'bucket names starting with "sthree-" are reserved by S3'],
    ['lake-s3alias', 'bucket names ending with "-s3alias" are reserved by S3'],
    ['lake--ol-s3', 'bucket names ending with "--ol-s3" are reserved by S3'],
  ])('refuses %j', (name, why) => expect(bucketNameProblem(name)).toBe(why));
});

describe('dayProblem', () => {
  test.each(['2011-12-09', '2012-02-29', '2000-02-29'])('accepts %s', (day) => expect(dayProblem(day)).toBeUndefined());
  test.each([
    ['2011-02-30', '2011-02-30 is not a day of the calendar'],
    ['2011-02-29', '2011-02-29 is not a day of the calendar'],
    ['1900-02-29', '1900-02-29 is not a day of the calendar'],
    ['2011-13-01', '2011-13-01 is not a day of the calendar'],
    ['2011-04-31', '2011-04-31 is not a day of the calendar'],
    ['2011-00-10', '2011-00-10 is not a day of the calendar'],
    ['2011-1-9', 'expected a date YYYY-MM-DD'],
    ['9 Dec 2011', 'expected a date YYYY-MM-DD'],
  ])('refuses %s', (day, why) => expect(dayProblem(day)).toBe(why));
});
