/** A JSON body serialized once, with its length in bytes for `Content-Length`. */
export interface SerializedBody {
  text: string;
  bytes: number;
}

export function serialize(value: unknown): SerializedBody {
  const text = JSON.stringify(value);
  return { text, bytes: Buffer.byteLength(text) };
}
