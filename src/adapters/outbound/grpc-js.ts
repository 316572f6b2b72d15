// @grpc/grpc-js clients: `new grpc.Client(…)` (`make*Request`), and service clients built with
// `makeGenericClientConstructor` / `makeClientConstructor` or found in `loadPackageDefinition(…)`
// (`new proto.users.UserService(addr, creds)`), whose every method but the channel's own is an RPC.
import { INSTRUMENTATION as I } from './auto-instrumentation.js';
import { defineClientAdapter } from './client.js';

const CTORS = { makeGenericClientConstructor: 'grpc.makeCtor', makeClientConstructor: 'grpc.makeCtor', loadPackageDefinition: 'grpc.load' };

export default defineClientAdapter({
  name: 'grpc-js',
  library: '@grpc/grpc-js',
  category: 'grpc',
  packages: ['@grpc/grpc-js'],
  model: {
    imports: { '@grpc/grpc-js': { '*': 'grpc.module', Client: 'grpc.ClientClass', ...CTORS } },
    members: {
      'grpc.module': {
        Client: 'grpc.ClientClass',
        'makeGenericClientConstructor()': 'grpc.ServiceClass',
        'makeClientConstructor()': 'grpc.ServiceClass',
        'loadPackageDefinition()': 'grpc.package',
      },
      'grpc.makeCtor': { '()': 'grpc.ServiceClass' },
      'grpc.load': { '()': 'grpc.package' },
      'grpc.ClientClass': { new: 'grpc.client', ':': 'grpc.client' },
      'grpc.ServiceClass': { new: 'grpc.serviceClient' },
      // A loaded package is a tree of namespaces whose leaves are service client constructors.
      'grpc.package': { '*': 'grpc.package', new: 'grpc.serviceClient' },
    },
  },
  calls: {
    'grpc.client': ['makeUnaryRequest()', 'makeClientStreamRequest()', 'makeServerStreamRequest()', 'makeBidiStreamRequest()'],
    'grpc.serviceClient': ['*()'],
  },
  except: { 'grpc.serviceClient': ['close', 'getChannel', 'waitForReady', 'on', 'once', 'off', 'emit'] },
  autoInstrumentedBy: [I.grpc],
});
