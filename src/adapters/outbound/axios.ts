// axios: the default export called directly or through its verbs, and instances from `axios.create()`
// (also parameters and properties typed `AxiosInstance`).
import { INSTRUMENTATION as I } from './auto-instrumentation.js';
import { defineClientAdapter } from './client.js';

export const AXIOS_CALLS = ['()', 'request()', 'get()', 'post()', 'put()', 'patch()', 'delete()', 'head()', 'options()', 'postForm()', 'putForm()', 'patchForm()'];

export default defineClientAdapter({
  name: 'axios',
  library: 'axios',
  category: 'http',
  packages: ['axios'],
  model: {
    imports: { axios: { default: 'axios.instance', axios: 'axios.instance', AxiosInstance: 'axios.instance', AxiosStatic: 'axios.instance', Axios: 'axios.Class' } },
    members: {
      'axios.instance': { 'create()': 'axios.instance' },
      'axios.Class': { new: 'axios.instance', ':': 'axios.instance' },
    },
  },
  calls: { 'axios.instance': AXIOS_CALLS },
  autoInstrumentedBy: [I.http],
});
