/**
 * systemd services answer failures they have no better error for with `io.systemd.System
 * {"errno": N}` (a positive Linux errno). The number alone says little, so the CLI adds its
 * name. The table is Linux's (asm-generic/errno-base.h and errno.h), not the host's: the
 * service runs on Linux even when the CLI does not (macOS numbers differ above 34).
 */

/** The error name systemd uses for errno replies. */
export const SYSTEMD_ERRNO_ERROR = "io.systemd.System";

// Index = errno. Empty slots are aliases (41 = EWOULDBLOCK, 58 = EDEADLOCK) or unused.
const LINUX_ERRNO = (
  " EPERM ENOENT ESRCH EINTR EIO ENXIO E2BIG ENOEXEC EBADF ECHILD EAGAIN ENOMEM EACCES EFAULT" +
  " ENOTBLK EBUSY EEXIST EXDEV ENODEV ENOTDIR EISDIR EINVAL ENFILE EMFILE ENOTTY ETXTBSY EFBIG" +
  " ENOSPC ESPIPE EROFS EMLINK EPIPE EDOM ERANGE EDEADLK ENAMETOOLONG ENOLCK ENOSYS ENOTEMPTY" +
  " ELOOP - ENOMSG EIDRM ECHRNG EL2NSYNC EL3HLT EL3RST ELNRNG EUNATCH ENOCSI EL2HLT EBADE EBADR" +
  " EXFULL ENOANO EBADRQC EBADSLT - EBFONT ENOSTR ENODATA ETIME ENOSR ENONET ENOPKG EREMOTE" +
  " ENOLINK EADV ESRMNT ECOMM EPROTO EMULTIHOP EDOTDOT EBADMSG EOVERFLOW ENOTUNIQ EBADFD EREMCHG" +
  " ELIBACC ELIBBAD ELIBSCN ELIBMAX ELIBEXEC EILSEQ ERESTART ESTRPIPE EUSERS ENOTSOCK EDESTADDRREQ" +
  " EMSGSIZE EPROTOTYPE ENOPROTOOPT EPROTONOSUPPORT ESOCKTNOSUPPORT EOPNOTSUPP EPFNOSUPPORT" +
  " EAFNOSUPPORT EADDRINUSE EADDRNOTAVAIL ENETDOWN ENETUNREACH ENETRESET ECONNABORTED ECONNRESET" +
  " ENOBUFS EISCONN ENOTCONN ESHUTDOWN ETOOMANYREFS ETIMEDOUT ECONNREFUSED EHOSTDOWN EHOSTUNREACH" +
  " EALREADY EINPROGRESS ESTALE EUCLEAN ENOTNAM ENAVAIL EISNAM EREMOTEIO EDQUOT ENOMEDIUM" +
  " EMEDIUMTYPE ECANCELED ENOKEY EKEYEXPIRED EKEYREVOKED EKEYREJECTED EOWNERDEAD ENOTRECOVERABLE" +
  " ERFKILL EHWPOISON"
).split(" ");

/** The Linux name of errno `n` (`22` → `EINVAL`), or undefined for a number Linux does not define. */
export function errnoName(n: unknown): string | undefined {
  if (typeof n !== "number" || !Number.isInteger(n)) return undefined;
  // Some services send the negative value the C API returns.
  const name = LINUX_ERRNO[Math.abs(n)];
  return name === undefined || name === "" || name === "-" ? undefined : name;
}

/**
 * The note to print after an error reply: `EINVAL` for `io.systemd.System {"errno": 22}`, or
 * undefined (other errors, an unknown number, or a reply that already names it in `errnoName`,
 * as newer systemd does).
 */
export function errnoNote(error: string, parameters: Readonly<Record<string, unknown>>): string | undefined {
  if (error !== SYSTEMD_ERRNO_ERROR || typeof parameters["errnoName"] === "string") return undefined;
  return errnoName(parameters["errno"]);
}
