// mongodb (the driver): operations on collections from `client.db(…).collection(…)` (also parameters typed
// `Collection` / `Db`).
import { INSTRUMENTATION as I } from './auto-instrumentation.js';
import { defineClientAdapter } from './client.js';

const OPERATIONS = [
  'find',
  'findOne',
  'insertOne',
  'insertMany',
  'updateOne',
  'updateMany',
  'replaceOne',
  'deleteOne',
  'deleteMany',
  'findOneAndUpdate',
  'findOneAndDelete',
  'findOneAndReplace',
  'aggregate',
  'countDocuments',
  'estimatedDocumentCount',
  'distinct',
  'bulkWrite',
];

export default defineClientAdapter({
  name: 'mongodb',
  library: 'mongodb',
  category: 'db',
  packages: ['mongodb'],
  model: {
    imports: { mongodb: { MongoClient: 'mongodb.ClientClass', Db: 'mongodb.db', Collection: 'mongodb.collection' } },
    members: {
      'mongodb.ClientClass': { new: 'mongodb.client', ':': 'mongodb.client', 'connect()': 'mongodb.client' },
      'mongodb.client': { 'connect()': 'mongodb.client', 'db()': 'mongodb.db' },
      'mongodb.db': { 'collection()': 'mongodb.collection' },
    },
  },
  calls: { 'mongodb.collection': OPERATIONS.map((o) => `${o}()`), 'mongodb.db': ['command()'] },
  autoInstrumentedBy: [I.mongodb],
});
