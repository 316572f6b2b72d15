// mongoose: queries on models from `mongoose.model(…)` / `model(…)` (also parameters typed `Model<T>`, as
// NestJS `@InjectModel` gives them) and `save` on documents created from a model.
import { INSTRUMENTATION as I } from './auto-instrumentation.js';
import { defineClientAdapter } from './client.js';

const QUERIES = [
  'find',
  'findOne',
  'findById',
  'findOneAndUpdate',
  'findByIdAndUpdate',
  'findOneAndDelete',
  'findByIdAndDelete',
  'findOneAndReplace',
  'create',
  'insertMany',
  'updateOne',
  'updateMany',
  'replaceOne',
  'deleteOne',
  'deleteMany',
  'countDocuments',
  'estimatedDocumentCount',
  'exists',
  'distinct',
  'aggregate',
  'bulkWrite',
];

export default defineClientAdapter({
  name: 'mongoose',
  library: 'mongoose',
  category: 'db',
  packages: ['mongoose'],
  model: {
    imports: { mongoose: { default: 'mongoose.module', '*': 'mongoose.module', model: 'mongoose.modelFn', Model: 'mongoose.model' } },
    members: {
      'mongoose.module': { 'model()': 'mongoose.model', model: 'mongoose.modelFn', Model: 'mongoose.model' },
      'mongoose.modelFn': { '()': 'mongoose.model' },
      'mongoose.model': { new: 'mongoose.document' },
    },
  },
  calls: { 'mongoose.model': QUERIES.map((q) => `${q}()`), 'mongoose.document': ['save()'] },
  autoInstrumentedBy: [I.mongoose, I.mongodb],
});
