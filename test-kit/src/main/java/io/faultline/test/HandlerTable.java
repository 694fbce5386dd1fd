package io.faultline.test;

import io.faultline.api.Access;
import io.faultline.api.Fault;
import io.faultline.api.FaultType;
import io.faultline.api.Stage;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which method of a driver class handles a fault, worked out from the {@code @OnFault} annotations in
 * its class file and its superclasses' (the annotation has CLASS retention: the class file is the only
 * place it can be read at run time). The rules are the processor's: a handler must match the fault's
 * type, stage and selectors (access flags, reason codes, families, PASID); the most specific one wins —
 * explicit stage, then reason, then family, then more access flags, then PASID; a subclass's
 * annotation on a method replaces its superclass's.
 *
 * <p>Used only to name the handler that ran: the generated dispatcher calls it directly and says only
 * whether one ran, not which.
 */
final class HandlerTable {
    private static final String ON_FAULT = "Lio/faultline/api/OnFault;";
    private static final Map<Class<?>, HandlerTable> CACHE = new ConcurrentHashMap<>();

    private final List<Handler> handlers = new ArrayList<>();
    private final Set<String> annotatedMethods = new HashSet<>();

    private HandlerTable() {
    }

    static HandlerTable of(Class<?> driverClass) {
        return CACHE.computeIfAbsent(driverClass, HandlerTable::read);
    }

    /** The handler's "Class.method" for this fault, or null when the class has none. */
    String handler(Fault fault) {
        Handler best = null;
        for (Handler h : handlers) {
            if (h.matches(fault) && (best == null || h.specificity() > best.specificity())) {
                best = h;
            }
        }
        return best == null ? null : best.label;
    }

    /** One annotated method. Selectors left empty match anything. */
    private static final class Handler {
        String label;
        FaultType type = FaultType.UNRECOVERABLE;
        Set<Stage> stages;                    // null: every stage (a fallback)
        final Set<String> access = new HashSet<>();
        final Set<Integer> reasons = new HashSet<>();
        final Set<String> families = new HashSet<>();
        String pasid = "ANY";

        boolean matches(Fault f) {
            if (f.type() != type || (stages != null && !stages.contains(f.stage()))) {
                return false;
            }
            Access a = f.access();
            for (String flag : access) {
                boolean has = switch (flag) {
                    case "READ" -> a.read();
                    case "WRITE" -> a.write();
                    case "EXEC" -> a.exec();
                    default -> a.privileged();
                };
                if (!has) {
                    return false;
                }
            }
            if (!reasons.isEmpty() && !(f.reason().hasCode() && reasons.contains(f.reason().code()))) {
                return false;
            }
            if (!families.isEmpty() && !families.contains(f.family().name())) {
                return false;
            }
            return pasid.equals("ANY") || pasid.equals("PRESENT") == f.hasPasid();
        }

        /** Explicit stage > reason > family > more access flags > PASID, as a number. */
        int specificity() {
            return (stages != null ? 1 << 12 : 0) | (reasons.isEmpty() ? 0 : 1 << 11) | (families.isEmpty() ? 0 : 1 << 10)
                    | access.size() << 2 | (pasid.equals("ANY") ? 0 : 1);
        }
    }

    private static HandlerTable read(Class<?> driverClass) {
        HandlerTable table = new HandlerTable();
        for (Class<?> c = driverClass; c != null && c != Object.class; c = c.getSuperclass()) {
            String resource = "/" + c.getName().replace('.', '/') + ".class";
            try (InputStream in = c.getResourceAsStream(resource)) {
                if (in != null) {
                    table.readClass(new DataInputStream(in), c.getSimpleName());
                }
            } catch (IOException | RuntimeException e) {
                throw new IllegalStateException("cannot read the @OnFault handlers of " + c.getName() + " from "
                        + resource + ": " + e, e);
            }
        }
        return table;
    }

    private void readClass(DataInputStream in, String className) throws IOException {
        if (in.readInt() != 0xCAFEBABE) {
            throw new IOException(className + ".class is not a class file");
        }
        in.readUnsignedShort(); // minor
        in.readUnsignedShort(); // major
        Pool pool = readConstantPool(in);
        String[] utf8 = pool.utf8;
        in.skipNBytes(6); // access, this, super
        in.skipNBytes(2L * in.readUnsignedShort()); // interfaces
        int fields = in.readUnsignedShort();
        for (int i = 0; i < fields; i++) {
            in.skipNBytes(6);
            skipAttributes(in);
        }
        int methods = in.readUnsignedShort();
        for (int i = 0; i < methods; i++) {
            in.readUnsignedShort(); // access
            String name = utf8[in.readUnsignedShort()];
            String descriptor = utf8[in.readUnsignedShort()];
            // An annotated override in a subclass (read first) replaces its superclass's annotation.
            boolean overridden = annotatedMethods.contains(name + descriptor);
            int attributes = in.readUnsignedShort();
            for (int a = 0; a < attributes; a++) {
                String attr = utf8[in.readUnsignedShort()];
                int length = in.readInt();
                if (attr.equals("RuntimeInvisibleAnnotations")) {
                    int n = in.readUnsignedShort();
                    for (int k = 0; k < n; k++) {
                        Handler h = readAnnotation(in, pool);
                        if (h != null && !overridden) {
                            h.label = className + "." + name;
                            handlers.add(h);
                            annotatedMethods.add(name + descriptor);
                        }
                    }
                } else {
                    in.skipNBytes(length);
                }
            }
        }
    }

    /** Reads one annotation; the handler it declares if it is {@code @OnFault}, else null. */
    private static Handler readAnnotation(DataInputStream in, Pool pool) throws IOException {
        boolean onFault = pool.utf8[in.readUnsignedShort()].equals(ON_FAULT);
        Handler h = new Handler();
        int pairs = in.readUnsignedShort();
        for (int p = 0; p < pairs; p++) {
            String element = pool.utf8[in.readUnsignedShort()];
            List<String> values = new ArrayList<>();
            readElementValue(in, pool, values);
            if (!onFault) {
                continue;
            }
            switch (element) {
                case "type" -> h.type = FaultType.valueOf(values.get(0));
                case "stage" -> {
                    h.stages = EnumSet.noneOf(Stage.class);
                    values.forEach(v -> h.stages.add(Stage.valueOf(v)));
                }
                case "access" -> h.access.addAll(values);
                case "reason" -> values.forEach(v -> h.reasons.add(Integer.valueOf(v)));
                case "family" -> h.families.addAll(values);
                case "pasid" -> h.pasid = values.get(0);
                default -> {
                    // an element this kit does not know: ignored
                }
            }
        }
        return onFault ? h : null;
    }

    /** Collects enum constant names and int constants of an element value (arrays flattened). */
    private static void readElementValue(DataInputStream in, Pool pool, List<String> out) throws IOException {
        int tag = in.readUnsignedByte();
        switch (tag) {
            case 'e' -> {
                in.readUnsignedShort(); // enum type
                out.add(pool.utf8[in.readUnsignedShort()]);
            }
            case 'I' -> out.add(String.valueOf(pool.ints.get(in.readUnsignedShort())));
            case '[' -> {
                int n = in.readUnsignedShort();
                for (int i = 0; i < n; i++) {
                    readElementValue(in, pool, out);
                }
            }
            case '@' -> {
                in.readUnsignedShort();
                int pairs = in.readUnsignedShort();
                for (int p = 0; p < pairs; p++) {
                    in.readUnsignedShort();
                    readElementValue(in, pool, new ArrayList<>());
                }
            }
            default -> in.skipNBytes(2); // other constants and class literals: one constant-pool index
        }
    }

    private static void skipAttributes(DataInputStream in) throws IOException {
        int n = in.readUnsignedShort();
        for (int i = 0; i < n; i++) {
            in.readUnsignedShort();
            in.skipNBytes(in.readInt());
        }
    }

    /** What the reader needs of a class's constant pool: its strings and its int constants, by index. */
    private record Pool(String[] utf8, Map<Integer, Integer> ints) {
    }

    private static Pool readConstantPool(DataInputStream in) throws IOException {
        int count = in.readUnsignedShort();
        String[] utf8 = new String[count];
        Map<Integer, Integer> ints = new HashMap<>();
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            switch (tag) {
                case 1 -> utf8[i] = in.readUTF();
                case 3 -> ints.put(i, in.readInt());
                case 5, 6 -> {
                    in.skipNBytes(8);
                    i++; // long and double take two slots
                }
                case 4, 9, 10, 11, 12, 17, 18 -> in.skipNBytes(4);
                case 15 -> in.skipNBytes(3);
                case 7, 8, 16, 19, 20 -> in.skipNBytes(2);
                default -> throw new IOException("unknown constant-pool tag " + tag + " at entry " + i);
            }
        }
        return new Pool(utf8, ints);
    }
}
