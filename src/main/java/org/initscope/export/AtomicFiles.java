package org.initscope.export;

import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The one safe-write routine of every save and export (config save, autosave, PNG, CSV and .npy export,
 * {@code render --out}): the content goes into a temporary file in the target's folder, is flushed to the disk and
 * renamed over the target, so that a failure (a full disk, a read-only folder, a kill) never leaves a half-written
 * file and the old bytes stay until the new ones are complete. Besides:
 * <ul>
 * <li>a symbolic link is written <em>through</em>: its final target is replaced atomically and the link stays a
 * link (a loop of links is refused);</li>
 * <li>anything that is not a regular file (a device such as {@code /dev/null}, a named pipe, a socket, a folder)
 * is refused with a clear reason and left as it is;</li>
 * <li>a file that existed keeps its permissions, and its owner and group where the system allows it (root saving
 * a student's file); a new file gets the mode the process's umask gives (usually 0644).</li>
 * </ul>
 */
public final class AtomicFiles {
    /** Links followed before a chain is taken for a loop (Linux's own limit is 40). */
    private static final int MAX_LINKS = 40;

    private AtomicFiles() {
    }

    /** What writes the content. */
    @FunctionalInterface
    public interface Content {
        void writeTo(OutputStream out) throws IOException;
    }

    /** A target that is not a regular file, or a loop of links: refused before anything is written. */
    public static final class RefusedTargetException extends FileSystemException {
        public RefusedTargetException(Path file, String reason) {
            super(file.toString(), null, reason);
        }
    }

    /**
     * The file a write to {@code file} replaces: {@code file} itself, or the final target of a chain of symbolic
     * links (which need not exist yet). Refuses a loop of links and a target that exists but is not a regular file.
     * Callers that compute for a while before writing (render) call it first, so a bad target is refused at once.
     */
    public static Path check(Path file) throws IOException {
        Path p = file.toAbsolutePath();
        for (int links = 0; Files.isSymbolicLink(p); links++) {
            if (links == MAX_LINKS) {
                throw new RefusedTargetException(file, "too many symbolic links (a loop of links?)");
            }
            Path to = Files.readSymbolicLink(p);
            p = (p.getParent() == null ? to : p.getParent().resolve(to)).normalize();
        }
        if (Files.exists(p, LinkOption.NOFOLLOW_LINKS) && !Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
            throw new RefusedTargetException(file, "it is " + kind(p) + ", not a regular file");
        }
        return p;
    }

    /** What a non-regular file is, in words: from the file type bits of its mode where the system has them. */
    private static String kind(Path p) {
        if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
            return "a folder (directory)";
        }
        try {
            int type = (Integer) Files.getAttribute(p, "unix:mode", LinkOption.NOFOLLOW_LINKS) & 0170000;
            return switch (type) {
                case 0010000 -> "a named pipe (FIFO)";
                case 0140000 -> "a socket";
                case 0020000, 0060000 -> "a device";
                default -> "a special file";
            };
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException | ClassCastException e) {
            return "a special file";
        }
    }

    public static void write(Path file, Content content) throws IOException {
        Path target = check(file);
        Path dir = target.getParent();
        PosixFileAttributes old = posix(target);
        Path tmp = createTemp(dir, target.getFileName().toString());
        try {
            if (old != null) {
                // before any content: the new file is never readable by more people than the old one
                Files.setPosixFilePermissions(tmp, old.permissions());
                keepOwner(tmp, old);
            }
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE)) {
                try (OutputStream out = new BufferedOutputStream(Channels.newOutputStream(ch), 1 << 16) {
                    @Override
                    public void close() throws IOException {
                        // flush the buffer but leave the channel open for force()
                        flush();
                    }
                }) {
                    content.writeTo(out);
                }
                // on the disk before the rename: a power cut leaves the old file or the new one, never an empty one
                ch.force(true);
            }
            try {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(tmp);
        }
    }

    /**
     * A new empty file beside the target. Created without explicit permissions, so the system gives it the mode of
     * any new file of this process in that folder: 0666 minus the umask (and the folder's default ACL, if it has
     * one). Java cannot read the umask directly; creating the file the way any program creates a file is the
     * reliable way to honour it (Files.createTempFile would force 0600 instead).
     */
    private static Path createTemp(Path dir, String name) throws IOException {
        for (int attempt = 0; ; attempt++) {
            Path tmp = dir.resolve("." + name + "." + Long.toUnsignedString(ThreadLocalRandom.current().nextLong(), 36)
                    + ".tmp");
            try {
                return Files.createFile(tmp);
            } catch (FileAlreadyExistsException e) {
                if (attempt > 100) {
                    throw e;
                }
            }
        }
    }

    /** The existing target's POSIX attributes, or null (no such file, or a file system without them). */
    private static PosixFileAttributes posix(Path target) {
        try {
            return Files.readAttributes(target, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException | UnsupportedOperationException e) {
            return null;
        }
    }

    /** The old file's owner and group on the new one, where the system allows it (root; a group one belongs to). */
    private static void keepOwner(Path tmp, PosixFileAttributes old) {
        var view = Files.getFileAttributeView(tmp, PosixFileAttributeView.class);
        try {
            if (!view.readAttributes().owner().equals(old.owner())) {
                view.setOwner(old.owner());
            }
        } catch (IOException | SecurityException e) {
            // not allowed (an ordinary user cannot give a file away): the new file is the writer's, as usual
        }
        try {
            if (!view.readAttributes().group().equals(old.group())) {
                view.setGroup(old.group());
            }
        } catch (IOException | SecurityException e) {
            // not a member of that group
        }
        try {
            // chown may drop set-user-ID bits: set the mode once more
            Set<PosixFilePermission> perms = old.permissions();
            Files.setPosixFilePermissions(tmp, perms);
        } catch (IOException e) {
            // keeps what the first setPosixFilePermissions gave
        }
    }

    /** {@link #write} of a text in UTF-8. */
    public static void writeString(Path file, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        write(file, out -> out.write(bytes));
    }

    /** A short reason for a failed write, for a message to the user. */
    public static String describe(Exception e) {
        if (e instanceof RefusedTargetException r) {
            return r.getReason();
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        if (e instanceof NoSuchFileException) {
            return "the folder does not exist";
        }
        if (e instanceof DirectoryNotEmptyException) {
            return "a folder of that name is in the way";
        }
        if (e instanceof FileSystemException f && f.getReason() != null) {
            // the reason alone ("Is a directory", "Not a directory", "No space left on device"), without the
            // temporary file's name
            return f.getReason().toLowerCase(Locale.ROOT);
        }
        String m = e.getMessage();
        if (m != null && m.startsWith("I/O error writing PNG")) {
            // ImageIO's wrapper around the real cause (a full disk): say the cause
            Throwable c = e.getCause();
            return c instanceof Exception ce && c != e ? describe(ce) : "the file system refused it";
        }
        if (m != null && m.matches("[A-Z][a-z]+( [a-z/]+)*")) {
            // the system's own phrase for an errno ("No space left on device", "Disk quota exceeded")
            return Character.toLowerCase(m.charAt(0)) + m.substring(1);
        }
        return m == null || m.isBlank() ? "the file system refused it" : m;
    }
}
