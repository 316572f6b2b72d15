// pg (node-postgres): `query` on `new Pool()` / `new Client()` and on clients from `pool.connect()`.
import { INSTRUMENTATION as I } from './auto-instrumentation.js';
import { defineClientAdapter } from './client.js';

const CLASSES = { Pool: 'pg.ClientClass', Client: 'pg.ClientClass' };

export default defineClientAdapter({
  name: 'pg',
  library: 'pg',
  category: 'db',
  packages: ['pg'],
  model: {
    imports: { pg: { default: 'pg.module', '*': 'pg.module', PoolClient: 'pg.client', ...CLASSES } },
    members: {
      'pg.module': CLASSES,
      'pg.ClientClass': { new: 'pg.client', ':': 'pg.client' },
      'pg.client': { 'connect()': 'pg.client' },
    },
  },
  calls: { 'pg.client': ['query()'] },
  autoInstrumentedBy: [I.pg],
});
