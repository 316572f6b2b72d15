export async function load(id: string): Promise<{ id: string }> {
  return { id };
}
