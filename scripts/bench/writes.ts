/**
 * The write rows of `npm run bench`: what the peer sends for an update (PostGraphile's own
 * update mutation: one `UPDATE … RETURNING` in autocommit, no rules, no event).
 */

/** The same change as UPDATE_STATUS_MUTATION (status running on a running task), PostGraphile's way. */
export const PEER_UPDATE_MUTATION = `mutation BenchUpdate($id: String!) {
  updateTaskByRowId(input: { rowId: $id, taskPatch: { status: "running" } }) { task { rowId status version updatedAt } }
}`;
