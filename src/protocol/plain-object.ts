// Data from another window or from Finesse is read through these two
// only, so that a hostile object cannot steer a check through its
// prototype (a "__proto__" key, an inherited "toString").

/** Whether `value` is a plain object: `{…}` or one without a prototype. */
export function isPlainObject(
  value: unknown,
): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;

  const proto = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

/** `record[key]` if it is the record's own field, else undefined. */
export function ownField(
  record: Record<string, unknown>,
  key: string,
): unknown {
  return Object.prototype.hasOwnProperty.call(record, key)
    ? record[key]
    : undefined;
}
