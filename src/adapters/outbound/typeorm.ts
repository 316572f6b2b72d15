// TypeORM: queries through a `Repository` (NestJS `@InjectRepository(User) repo: Repository<User>`,
// `dataSource.getRepository(User)`), an `EntityManager` (also a transaction's), a `DataSource`'s `query`,
// and query builders when they run (`getMany`, `execute`, …). TypeORM runs SQL through the database
// driver, so the driver's instrumentation (pg, mysql2) covers it.
import { INSTRUMENTATION as I } from './auto-instrumentation.js';
import { defineClientAdapter } from './client.js';

const QUERIES = [
  'find',
  'findBy',
  'findOne',
  'findOneBy',
  'findOneOrFail',
  'findOneByOrFail',
  'findAndCount',
  'findAndCountBy',
  'count',
  'countBy',
  'exists',
  'existsBy',
  'sum',
  'average',
  'minimum',
  'maximum',
  'save',
  'insert',
  'update',
  'upsert',
  'delete',
  'softDelete',
  'restore',
  'remove',
  'softRemove',
  'increment',
  'decrement',
  'clear',
  'query',
].map((q) => `${q}()`);
const RUN_BUILDER = ['getMany', 'getOne', 'getOneOrFail', 'getRawMany', 'getRawOne', 'getManyAndCount', 'getCount', 'getExists', 'execute', 'stream'].map(
  (q) => `${q}()`,
);

export default defineClientAdapter({
  name: 'typeorm',
  library: 'typeorm',
  category: 'db',
  packages: ['typeorm'],
  model: {
    imports: {
      typeorm: { Repository: 'typeorm.repository', EntityManager: 'typeorm.manager', DataSource: 'typeorm.DataSourceClass' },
    },
    members: {
      'typeorm.DataSourceClass': { new: 'typeorm.dataSource', ':': 'typeorm.dataSource' },
      'typeorm.dataSource': { 'getRepository()': 'typeorm.repository', manager: 'typeorm.manager', 'createQueryBuilder()': 'typeorm.builder' },
      'typeorm.manager': { 'getRepository()': 'typeorm.repository', 'createQueryBuilder()': 'typeorm.builder' },
      'typeorm.repository': { manager: 'typeorm.manager', 'createQueryBuilder()': 'typeorm.builder' },
      // Builder methods chain (`where`, `andWhere`, `orderBy`…); only running it leaves the process.
      'typeorm.builder': { '*()': 'typeorm.builder' },
    },
    callbackParams: {
      'typeorm.dataSource': { 'transaction()': 'typeorm.manager' },
      'typeorm.manager': { 'transaction()': 'typeorm.manager' },
    },
  },
  calls: {
    'typeorm.repository': QUERIES,
    'typeorm.manager': QUERIES,
    'typeorm.dataSource': ['query()'],
    'typeorm.builder': RUN_BUILDER,
  },
  autoInstrumentedBy: [I.pg, I.mysql2],
});
