package io.faultline.processor;

import com.sun.source.tree.AnnotationTree;
import com.sun.source.tree.ClassTree;
import com.sun.source.tree.CompilationUnitTree;
import com.sun.source.tree.ImportTree;
import com.sun.source.tree.MethodTree;
import com.sun.source.tree.Tree;
import com.sun.source.util.JavacTask;
import com.sun.source.util.TaskEvent;
import com.sun.source.util.TaskListener;
import com.sun.source.util.TreePath;
import com.sun.source.util.TreePathScanner;
import com.sun.source.util.Trees;
import java.util.Collections;
import java.util.HashSet;
import java.util.IdentityHashMap;
import java.util.Set;
import javax.lang.model.element.Element;
import javax.lang.model.element.TypeElement;
import javax.tools.Diagnostic;

/**
 * Finds {@code @OnFault} methods in local and anonymous classes. javac shows processors only named
 * classes, so without this scan such handlers would be dropped in silence. Works on the syntax trees
 * (before attribution), so it matches the annotation by name: {@code io.faultline.api.OnFault}, or
 * {@code OnFault} in a file that imports it or its package.
 *
 * <p>javac calls the processor only in rounds where a named element carries {@code @OnFault} (or another
 * annotation it supports), so a file whose only handlers are local would never be scanned from
 * {@link #scan}. A task listener therefore also scans each file javac enters in a later round (every
 * source file is re-entered at least once after the processor's {@code init}); each file is scanned
 * once, and the dispatchers this processor wrote are skipped.
 */
final class LocalHandlerScanner implements TaskListener {
    private final Trees trees;
    private final Set<CompilationUnitTree> scanned = Collections.newSetFromMap(new IdentityHashMap<>());
    /** Qualified names of the dispatchers written: nothing to scan in them. */
    private final Set<String> generated = new HashSet<>();
    private int errors;

    private LocalHandlerScanner(Trees trees) {
        this.trees = trees;
    }

    /**
     * A scanner, listening to javac's enter events when it can, or null when javac's tree API is not
     * available (e.g. a wrapped processing environment).
     */
    static LocalHandlerScanner create(javax.annotation.processing.ProcessingEnvironment env) {
        LocalHandlerScanner scanner;
        try {
            scanner = new LocalHandlerScanner(Trees.instance(env));
        } catch (IllegalArgumentException | LinkageError notJavac) {
            return null;
        }
        try {
            JavacTask.instance(env).addTaskListener(scanner);
        } catch (IllegalArgumentException | IllegalStateException | LinkageError noTask) {
            // Scanning from the rounds alone: files without a named @OnFault go unchecked.
        }
        return scanner;
    }

    /** Records a dispatcher about to be written, so that entering it later does not scan it. */
    void generated(String qualifiedName) {
        generated.add(qualifiedName);
    }

    @Override
    public void finished(TaskEvent e) {
        CompilationUnitTree unit = e.getCompilationUnit();
        if (e.getKind() != TaskEvent.Kind.ENTER || unit == null || scanned.contains(unit) || isGenerated(unit)) {
            return;
        }
        scanned.add(unit);
        new Scanner(unit).scan(unit, null);
    }

    private boolean isGenerated(CompilationUnitTree unit) {
        if (generated.isEmpty() || unit.getTypeDecls().size() != 1
                || !(unit.getTypeDecls().get(0) instanceof ClassTree type)) {
            return false;
        }
        String pkg = unit.getPackageName() == null ? "" : unit.getPackageName() + ".";
        return generated.contains(pkg + type.getSimpleName());
    }

    /** Scans the files of these root elements once each; returns how many errors it reported. */
    int scan(Set<? extends Element> roots) {
        int before = errors;
        for (Element root : roots) {
            if (!(root instanceof TypeElement)) {
                continue;
            }
            TreePath path = trees.getPath(root);
            if (path == null) {
                continue;
            }
            CompilationUnitTree unit = path.getCompilationUnit();
            if (scanned.add(unit)) {
                new Scanner(unit).scan(unit, null);
            }
        }
        return errors - before;
    }

    private final class Scanner extends TreePathScanner<Void, Void> {
        private final CompilationUnitTree unit;
        private final boolean simpleNameMeansOnFault;

        Scanner(CompilationUnitTree unit) {
            this.unit = unit;
            boolean imported = unit.getPackageName() != null
                    && unit.getPackageName().toString().equals("io.faultline.api");
            for (ImportTree i : unit.getImports()) {
                String name = i.getQualifiedIdentifier().toString();
                if (!i.isStatic() && (name.equals("io.faultline.api.OnFault") || name.equals("io.faultline.api.*"))) {
                    imported = true;
                }
            }
            this.simpleNameMeansOnFault = imported;
        }

        @Override
        public Void visitClass(ClassTree node, Void unused) {
            Tree parent = getCurrentPath().getParentPath().getLeaf();
            boolean named = parent instanceof ClassTree || parent instanceof CompilationUnitTree;
            if (!named) {
                for (Tree member : node.getMembers()) {
                    if (member instanceof MethodTree method) {
                        for (AnnotationTree a : method.getModifiers().getAnnotations()) {
                            if (isOnFault(a)) {
                                String owner = node.getSimpleName().length() == 0
                                        ? "<anonymous class>" : node.getSimpleName().toString();
                                trees.printMessage(Diagnostic.Kind.ERROR,
                                        Messages.LOCAL_CLASS.format(owner + "." + method.getName()), a, unit);
                                errors++;
                            }
                        }
                    }
                }
            }
            return super.visitClass(node, unused);
        }

        private boolean isOnFault(AnnotationTree a) {
            String name = a.getAnnotationType().toString();
            return name.equals("io.faultline.api.OnFault") || (simpleNameMeansOnFault && name.equals("OnFault"));
        }
    }
}
