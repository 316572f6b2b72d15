// @nestjs/axios: the constructor-injected `HttpService` (`this.http.get(…)`) and its `axiosRef`.
import { AXIOS_CALLS } from './axios.js';
import { INSTRUMENTATION as I } from './auto-instrumentation.js';
import { defineClientAdapter } from './client.js';

export default defineClientAdapter({
  name: 'nestjs-axios',
  library: '@nestjs/axios',
  category: 'http',
  packages: ['@nestjs/axios'],
  model: {
    imports: { '@nestjs/axios': { HttpService: 'nestaxios.service' } },
    members: { 'nestaxios.service': { axiosRef: 'axios.instance' } },
  },
  calls: {
    'nestaxios.service': ['request()', 'get()', 'post()', 'put()', 'patch()', 'delete()', 'head()', 'options()'],
    'axios.instance': AXIOS_CALLS,
  },
  autoInstrumentedBy: [I.http],
});
