/** The banner a 409 "changed on disk" leaves in an editor sheet: the user's edits stay; they choose. */
export function ConflictBanner({ message, onReload, onOverwrite }: { message: string; onReload(): void; onOverwrite(): void }) {
  return (
    <div className="sheet-banner conflict" role="alert">
      <span>{message}. Your edits are still here.</span>
      <button type="button" className="btn small" onClick={onReload}>Reload from disk (drop my edits)</button>
      <button type="button" className="btn small danger-solid" onClick={onOverwrite}>Overwrite with my version</button>
    </div>
  )
}
