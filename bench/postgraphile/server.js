/**
 * PostGraphile 4 over one database, tuned as its documentation recommends for production: no GraphiQL, no
 * watch mode, no query log, default mutations off (the hub is read-only), a pg pool the size of the hub's.
 *
 *   DATABASE_URL=postgres://... PORT=0 node server.js   -> prints {"port": N} on stdout when listening
 */
'use strict';
const http = require('node:http');
const { postgraphile } = require('postgraphile');
const { makeJSONPgSmartTagsPlugin } = require('graphile-utils');
const { Pool } = require('pg');

// The fiscal schema links payments to enterprises by column, without a FOREIGN KEY (payments are loaded in bulk);
// this smart tag gives PostGraphile the relation it would otherwise infer from the constraint.
const RelationsPlugin = makeJSONPgSmartTagsPlugin({
  version: 1,
  config: {
    class: {
      tax_payment: { tags: { foreignKey: '(enterprise_code) references enterprise (credit_code)' } },
    },
  },
});

const pool = new Pool({
  connectionString: process.env.DATABASE_URL,
  max: Number(process.env.POOL_MAX || 10),
});
const middleware = postgraphile(pool, 'public', {
  appendPlugins: [RelationsPlugin],
  disableDefaultMutations: true,
  disableQueryLog: true,
  graphiql: false,
  watchPg: false,
  retryOnInitFail: false,
  setofFunctionsContainNulls: false,
  ignoreRBAC: false,
  dynamicJson: true,
});
const server = http.createServer(middleware);
server.listen(Number(process.env.PORT || 0), '127.0.0.1', () => {
  process.stdout.write(`${JSON.stringify({ port: server.address().port })}\n`);
});
const stop = () => server.close(() => pool.end().then(() => process.exit(0)));
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
