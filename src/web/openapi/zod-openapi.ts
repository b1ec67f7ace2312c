import { extendZodWithOpenApi } from '@asteasolutions/zod-to-openapi';
import { z } from 'zod';

// zod 4 copies prototype methods onto each schema when it is created, so the
// `.openapi()` the generator calls must be added before any API schema exists:
// api-schemas.ts imports this module first. Idempotent.
extendZodWithOpenApi(z);

export { z };
