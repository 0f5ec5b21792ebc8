const chalk = require('chalk');
const debug = require('debug')('dashboard');
const ms = require('ms');
const semver = require('semver');

debug('starting');
console.log(chalk.green(`ready in ${ms(1500)}, node ${semver.clean(process.version)}`));
