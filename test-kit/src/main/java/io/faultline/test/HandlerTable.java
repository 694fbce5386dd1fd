package io.faultline.test;

import io.faultline.api.FaultType;
import io.faultline.api.Stage;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which method of a driver class handles each (type, stage), read from the {@code @OnFault}
 * annotations in its class file (and its superclasses'): the annotation has CLASS retention, so the
 * class file is the only place it can be read at run time. The rule is the processor's: a handler
 * naming its stages wins over a fallback (one that leaves {@code stage} at its default); a subclass's
 * handler wins over its superclass's.
 *
 * <p>Used to name the handler that ran: the generated dispatcher calls it directly and says only
 * whether one ran, not which.
 */
final class HandlerTable {
    private static final String ON_FAULT = "Lio/faultline/api/OnFault;";
    private static final Map<Class<?>, HandlerTable> CACHE = new ConcurrentHashMap<>();

    private final Map<FaultType, Map<Stage, String>> explicit = new EnumMap<>(FaultType.class);
    private final Map<FaultType, String> fallback = new EnumMap<>(FaultType.class);

    private HandlerTable() {
        for (FaultType t : FaultType.values()) {
            explicit.put(t, new EnumMap<>(Stage.class));
        }
    }

    static HandlerTable of(Class<?> driverClass) {
        return CACHE.computeIfAbsent(driverClass, HandlerTable::read);
    }

    /** The handler's "Class.method", or null when the class has none for (type, stage). */
    String handler(FaultType type, Stage stage) {
        String h = explicit.get(type).get(stage);
        return h != null ? h : fallback.get(type);
    }

    private static HandlerTable read(Class<?> driverClass) {
        HandlerTable table = new HandlerTable();
        for (Class<?> c = driverClass; c != null && c != Object.class; c = c.getSuperclass()) {
            String resource = "/" + c.getName().replace('.', '/') + ".class";
            try (InputStream in = c.getResourceAsStream(resource)) {
                if (in != null) {
                    table.readClass(new DataInputStream(in), c.getSimpleName());
                }
            } catch (IOException e) {
                throw new UncheckedIOException("cannot read " + resource, e);
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
        String[] utf8 = readConstantPool(in);
        in.readUnsignedShort(); // access
        in.readUnsignedShort(); // this
        in.readUnsignedShort(); // super
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
            in.readUnsignedShort(); // descriptor
            int attributes = in.readUnsignedShort();
            for (int a = 0; a < attributes; a++) {
                String attr = utf8[in.readUnsignedShort()];
                int length = in.readInt();
                if (attr.equals("RuntimeInvisibleAnnotations")) {
                    int n = in.readUnsignedShort();
                    for (int k = 0; k < n; k++) {
                        readAnnotation(in, utf8, className + "." + name);
                    }
                } else {
                    in.skipNBytes(length);
                }
            }
        }
    }

    private void readAnnotation(DataInputStream in, String[] utf8, String method) throws IOException {
        String type = utf8[in.readUnsignedShort()];
        int pairs = in.readUnsignedShort();
        FaultType faultType = FaultType.UNRECOVERABLE;
        Stage[] stages = null;
        for (int p = 0; p < pairs; p++) {
            String element = utf8[in.readUnsignedShort()];
            if (type.equals(ON_FAULT) && element.equals("type")) {
                in.readUnsignedByte(); // 'e'
                in.readUnsignedShort();
                faultType = FaultType.valueOf(utf8[in.readUnsignedShort()]);
            } else if (type.equals(ON_FAULT) && element.equals("stage")) {
                int tag = in.readUnsignedByte();
                if (tag == '[') {
                    stages = new Stage[in.readUnsignedShort()];
                    for (int s = 0; s < stages.length; s++) {
                        in.readUnsignedByte();
                        in.readUnsignedShort();
                        stages[s] = Stage.valueOf(utf8[in.readUnsignedShort()]);
                    }
                } else { // a single value written without braces is still stored as an array; be lenient
                    in.readUnsignedShort();
                    stages = new Stage[] {Stage.valueOf(utf8[in.readUnsignedShort()])};
                }
            } else {
                skipElementValue(in);
            }
        }
        if (!type.equals(ON_FAULT)) {
            return;
        }
        if (stages == null) {
            fallback.putIfAbsent(faultType, method);
        } else {
            for (Stage s : stages) {
                explicit.get(faultType).putIfAbsent(s, method);
            }
        }
    }

    private static void skipElementValue(DataInputStream in) throws IOException {
        int tag = in.readUnsignedByte();
        switch (tag) {
            case 'e':
                in.skipNBytes(4);
                break;
            case '@':
                in.readUnsignedShort();
                int pairs = in.readUnsignedShort();
                for (int p = 0; p < pairs; p++) {
                    in.readUnsignedShort();
                    skipElementValue(in);
                }
                break;
            case '[':
                int n = in.readUnsignedShort();
                for (int i = 0; i < n; i++) {
                    skipElementValue(in);
                }
                break;
            default: // constants and class literals: one constant-pool index
                in.skipNBytes(2);
        }
    }

    private static void skipAttributes(DataInputStream in) throws IOException {
        int n = in.readUnsignedShort();
        for (int i = 0; i < n; i++) {
            in.readUnsignedShort();
            in.skipNBytes(in.readInt());
        }
    }

    private static String[] readConstantPool(DataInputStream in) throws IOException {
        int count = in.readUnsignedShort();
        String[] utf8 = new String[count];
        Map<Integer, Integer> skip = new HashMap<>(Map.of(3, 4, 4, 4, 9, 4, 10, 4, 11, 4, 12, 4, 15, 3, 17, 4, 18, 4));
        skip.putAll(Map.of(7, 2, 8, 2, 16, 2, 19, 2, 20, 2));
        for (int i = 1; i < count; i++) {
            int tag = in.readUnsignedByte();
            if (tag == 1) {
                utf8[i] = in.readUTF();
            } else if (tag == 5 || tag == 6) {
                in.skipNBytes(8);
                i++; // long and double take two slots
            } else {
                Integer size = skip.get(tag);
                if (size == null) {
                    throw new IOException("unknown constant-pool tag " + tag + " at entry " + i);
                }
                in.skipNBytes(size);
            }
        }
        return utf8;
    }
}
