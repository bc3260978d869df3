/**
 * The completion scripts for bash, zsh and fish. Each passes the line up to the cursor to the
 * hidden `varlink-codegen __complete --line LINE` and offers what it prints (one candidate a
 * line), falling back to file names when there is nothing (paths for generate, validate, ...).
 */

/** Shells `completion` knows. */
export const shells = ["bash", "zsh", "fish"] as const;
/** One of {@link shells}. */
export type Shell = (typeof shells)[number];

// bash splits words at '=' and ':' (COMP_WORDBREAKS), so "--json=pr" is three words for it:
// candidates are for our whole word and lose the part bash keeps in front of its current word.
const BASH = `# varlink-codegen completion for bash: source <(varlink-codegen completion bash)
_varlink_codegen() {
  local line="\${COMP_LINE:0:COMP_POINT}"
  local cur="\${COMP_WORDS[COMP_CWORD]}"
  local full="\${line##*[[:space:]]}"
  [[ "$cur" == "=" || "$cur" == ":" ]] && cur=""
  local strip="\${full%"$cur"}"
  local IFS=$'\\n' word
  COMPREPLY=()
  for word in $(varlink-codegen __complete --line "$line" 2>/dev/null); do
    COMPREPLY+=("\${word#"$strip"}")
  done
}
complete -o default -F _varlink_codegen varlink-codegen
`;

const ZSH = `#compdef varlink-codegen
# varlink-codegen completion for zsh: source <(varlink-codegen completion zsh)
_varlink_codegen() {
  local -a found
  found=(\${(f)"$(varlink-codegen __complete --line "\${(j: :)words[1,CURRENT]}" 2>/dev/null)"})
  if (( \${#found} )); then compadd -Q -- $found; else _files; fi
}
compdef _varlink_codegen varlink-codegen
`;

const FISH = `# varlink-codegen completion for fish: varlink-codegen completion fish | source
complete -c varlink-codegen -a '(varlink-codegen __complete --line (commandline -cp) 2>/dev/null)'
`;

/** The script for `shell`. */
export function completionScript(shell: Shell): string {
  return { bash: BASH, zsh: ZSH, fish: FISH }[shell];
}
