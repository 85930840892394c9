// Small schemas shared by several resources.
import { Type, type TString } from 'typebox';

export const Url = (description?: string) => Type.String({ minLength: 1, maxLength: 2048, ...(description ? { description } : {}) });
export const UrlList = (description: string) => Type.Array(Url(), { maxItems: 100, description });
/** A path parameter object whose one member is typed by its name (so handlers need no casts). */
export const IdParam = <N extends string>(name: N, description: string) =>
  Type.Object({ [name]: Type.String({ minLength: 1, maxLength: 512, description }) } as Record<N, TString>, { required: [name] });
/** Free-form metadata objects (Auth0 caps user metadata; 16 KB is checked by the service). */
export const Metadata = (description: string) => Type.Object({}, { additionalProperties: true, description });
