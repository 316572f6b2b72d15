// Prisma: model queries on a `new PrismaClient()` (`prisma.user.findMany(…)`), raw queries, and the same
// on the transaction client of `prisma.$transaction(async (tx) => …)`.
import { INSTRUMENTATION as I } from './auto-instrumentation.js';
import { defineClientAdapter } from './client.js';

const MODEL_QUERIES = [
  'findMany',
  'findUnique',
  'findUniqueOrThrow',
  'findFirst',
  'findFirstOrThrow',
  'create',
  'createMany',
  'createManyAndReturn',
  'update',
  'updateMany',
  'upsert',
  'delete',
  'deleteMany',
  'count',
  'aggregate',
  'groupBy',
];

export default defineClientAdapter({
  name: 'prisma',
  library: '@prisma/client',
  category: 'db',
  packages: ['@prisma/client'],
  model: {
    imports: { '@prisma/client': { PrismaClient: 'prisma.Class' } },
    members: {
      'prisma.Class': { new: 'prisma.client', ':': 'prisma.client' },
      // Every other property of the client is a model delegate (`prisma.user`).
      'prisma.client': { '*': 'prisma.model', '$extends()': 'prisma.client' },
    },
    callbackParams: { 'prisma.client': { '$transaction()': 'prisma.client' } },
  },
  calls: {
    'prisma.model': MODEL_QUERIES.map((q) => `${q}()`),
    'prisma.client': ['$queryRaw()', '$executeRaw()', '$queryRawUnsafe()', '$executeRawUnsafe()', '$runCommandRaw()'],
  },
  autoInstrumentedBy: [I.prisma],
});
