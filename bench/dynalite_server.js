// Starts dynalite, the in-memory DynamoDB peer bench/dynamodb.sh compares against, on a
// free loopback port, and prints localcloud's listening line
// {"event":"listening","host":...,"port":N,"pid":P} so the driver starts it like any
// other server. Tables are ACTIVE at once (createTableMs 0), as in localcloud.
// dynalite is installed outside the repo: DYNALITE_DIR (default
// /work/peers/node_modules/dynalite), e.g. `cd /work/peers && npm install dynalite`.
'use strict';

const dir = process.env.DYNALITE_DIR || '/work/peers/node_modules/dynalite';
const dynalite = require(dir);

const server = dynalite({ createTableMs: 0, deleteTableMs: 0, updateTableMs: 0 });
server.listen(0, '127.0.0.1', () => {
  const { address, port } = server.address();
  console.log(JSON.stringify({ event: 'listening', host: address, port, pid: process.pid }));
});
process.on('SIGTERM', () => process.exit(0));
