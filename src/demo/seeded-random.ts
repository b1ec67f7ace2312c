// The PRNG lives in the domain (rank stability needs it too); re-exported for the demo generator.
export { normal, seededRandom } from '../domain/seeded-random.js';
