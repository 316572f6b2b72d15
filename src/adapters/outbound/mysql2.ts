// mysql2 (callback and `mysql2/promise` APIs): `query` / `execute` on connections and pools.
import { INSTRUMENTATION as I } from './auto-instrumentation.js';
import { defineClientAdapter } from './client.js';

const EXPORTS = {
  default: 'mysql.module',
  '*': 'mysql.module',
  createConnection: 'mysql.factory',
  createPool: 'mysql.factory',
  Connection: 'mysql.conn',
  Pool: 'mysql.conn',
  PoolConnection: 'mysql.conn',
};

export default defineClientAdapter({
  name: 'mysql2',
  library: 'mysql2',
  category: 'db',
  packages: ['mysql2'],
  model: {
    imports: { mysql2: EXPORTS, 'mysql2/promise': EXPORTS },
    members: {
      'mysql.module': { 'createConnection()': 'mysql.conn', 'createPool()': 'mysql.conn' },
      'mysql.factory': { '()': 'mysql.conn' },
      'mysql.conn': { 'getConnection()': 'mysql.conn', 'promise()': 'mysql.conn' },
    },
  },
  calls: { 'mysql.conn': ['query()', 'execute()'] },
  autoInstrumentedBy: [I.mysql2],
});
