/**
 * The fields of a secret's text as bindings read them: a JSON object's members (strings as they are,
 * numbers and booleans as their JSON text, anything else as JSON), or the whole text as `value`.
 */
export function secretFields(text: string): Record<string, string> {
  const parsed = parseObject(text);
  if (!parsed) return { value: text };
  return Object.fromEntries(
    Object.entries(parsed).map(([name, member]) => [
      name,
      typeof member === 'string' ? member : JSON.stringify(member),
    ]),
  );
}

function parseObject(text: string): Record<string, unknown> | undefined {
  try {
    const parsed: unknown = JSON.parse(text);
    return parsed !== null && typeof parsed === 'object' && !Array.isArray(parsed)
      ? (parsed as Record<string, unknown>)
      : undefined;
  } catch {
    return undefined;
  }
}
