// Small schemas shared by several resources.
import { Type } from 'typebox';

export const Url = (description?: string) => Type.String({ minLength: 1, maxLength: 2048, ...(description ? { description } : {}) });
export const UrlList = (description: string) => Type.Array(Url(), { maxItems: 100, description });
export const IdParam = (name: string, description: string) => Type.Object({ [name]: Type.String({ minLength: 1, maxLength: 512, description }) }, { required: [name] });
/** Free-form metadata objects (Auth0 caps user metadata; 16 KB is checked by the service). */
export const Metadata = (description: string) => Type.Object({}, { additionalProperties: true, description });
