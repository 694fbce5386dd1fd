package io.faultline.processor;

import com.palantir.javapoet.AnnotationSpec;
import com.palantir.javapoet.ClassName;
import com.palantir.javapoet.CodeBlock;
import com.palantir.javapoet.FieldSpec;
import com.palantir.javapoet.JavaFile;
import com.palantir.javapoet.MethodSpec;
import com.palantir.javapoet.ParameterizedTypeName;
import com.palantir.javapoet.TypeName;
import com.palantir.javapoet.TypeSpec;
import com.palantir.javapoet.TypeVariableName;
import io.faultline.api.FaultType;
import io.faultline.api.OnFault;
import io.faultline.api.Stage;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.lang.model.element.Modifier;
import javax.lang.model.element.TypeParameterElement;

/**
 * Writes {@code Foo_FaultDispatcher} for a {@link DriverModel}: one {@code switch} per fault type over the
 * stage, each case a direct call. Output depends only on the model, never on element iteration order.
 */
final class DispatcherWriter {
    static final String GENERATOR = "io.faultline.processor.FaultlineProcessor";

    private static final String API = "io.faultline.api";
    private static final ClassName FAULT_DISPATCHER = ClassName.get(API, "FaultDispatcher");
    private static final ClassName DISPOSITION = ClassName.get(API, "Disposition");
    private static final ClassName PAGE_RESPONSE = ClassName.get(API, "PageResponse");
    private static final ClassName UNRECOVERABLE_FAULT = ClassName.get(API, "UnrecoverableFault");
    private static final ClassName PAGE_REQUEST = ClassName.get(API, "PageRequest");
    private static final ClassName PAGE_REQUEST_GROUP = ClassName.get(API, "PageRequestGroup");
    private static final ClassName PAGE_REQUEST_SCOPE = ClassName.get(API, "PageRequestScope");
    private static final ClassName UNSUPPORTED = ClassName.get("java.lang", "UnsupportedOperationException");
    private static final ClassName FAULT_TYPE = ClassName.get(API, "FaultType");
    private static final ClassName STAGE = ClassName.get(API, "Stage");
    private static final ClassName FAMILY = ClassName.get(API, "Family");
    private static final ClassName OBJECTS = ClassName.get("java.util", "Objects");
    private static final ClassName GENERATED = ClassName.get("javax.annotation.processing", "Generated");

    /**
     * @param generatedVisible whether {@code javax.annotation.processing.Generated} is visible to the
     *     driver's module; if not, the annotation is left out rather than breaking the user's build
     * @param suppress lint categories to suppress because the driver uses deprecated API of its own
     */
    JavaFile write(DriverModel model, boolean generatedVisible, List<String> suppress) {
        List<TypeVariableName> typeVariables = new ArrayList<>();
        for (TypeParameterElement p : model.type().getTypeParameters()) {
            typeVariables.add(TypeVariableName.get(p));
        }
        TypeName driverType = typeVariables.isEmpty()
                ? model.driverName()
                : ParameterizedTypeName.get(model.driverName(), typeVariables.toArray(new TypeName[0]));
        TypeName selfType = typeVariables.isEmpty()
                ? model.dispatcherName()
                : ParameterizedTypeName.get(model.dispatcherName(), typeVariables.toArray(new TypeName[0]));

        TypeSpec.Builder type = TypeSpec.classBuilder(model.dispatcherName())
                .addOriginatingElement(model.type())
                .addJavadoc("Calls the {@code @OnFault} handlers of {@link $T} directly.\n", model.driverName())
                .addTypeVariables(typeVariables)
                .addSuperinterface(ParameterizedTypeName.get(FAULT_DISPATCHER, driverType));
        if (generatedVisible) {
            type.addAnnotation(AnnotationSpec.builder(GENERATED).addMember("value", "$S", GENERATOR).build());
        }
        if (!suppress.isEmpty()) {
            AnnotationSpec.Builder s = AnnotationSpec.builder(SuppressWarnings.class);
            for (String category : suppress) {
                s.addMember("value", "$S", category);
            }
            type.addAnnotation(s.build());
        }
        if (model.isPublic()) {
            type.addModifiers(Modifier.PUBLIC);
        }
        type.addModifiers(Modifier.FINAL);

        List<MethodSpec> helpers = new ArrayList<>();
        type.addField(FieldSpec.builder(driverType, "driver", Modifier.PRIVATE, Modifier.FINAL).build());
        type.addMethod(MethodSpec.constructorBuilder()
                .addModifiers(Modifier.PUBLIC)
                .addParameter(driverType, "driver")
                .addStatement("this.driver = $T.requireNonNull(driver, $S)", OBJECTS, "driver")
                .build());
        type.addMethod(MethodSpec.methodBuilder("of")
                .addJavadoc("The dispatcher of {@code driver}.\n")
                .addModifiers(Modifier.PUBLIC, Modifier.STATIC)
                .addTypeVariables(typeVariables)
                .returns(selfType)
                .addParameter(driverType, "driver")
                .addStatement(typeVariables.isEmpty() ? "return new $T(driver)" : "return new $T<>(driver)",
                        model.dispatcherName())
                .build());
        type.addMethod(MethodSpec.methodBuilder("driver")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .returns(driverType)
                .addStatement("return driver")
                .build());
        type.addMethod(MethodSpec.methodBuilder("dispatchUnrecoverable")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .returns(DISPOSITION)
                .addParameter(UNRECOVERABLE_FAULT, "fault")
                .addCode(dispatch(model, FaultType.UNRECOVERABLE, "fault", false, helpers))
                .build());
        type.addMethod(MethodSpec.methodBuilder("dispatchPageRequest")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .returns(PAGE_RESPONSE)
                .addParameter(PAGE_REQUEST, "request")
                .addCode(dispatch(model, FaultType.PAGE_REQUEST, "request", false, helpers))
                .build());
        if (model.handlers().stream().anyMatch(h -> h.type() == FaultType.PAGE_REQUEST && h.scoped())) {
            // Only drivers whose handlers take a group or a responder need the router's scope.
            type.addMethod(MethodSpec.methodBuilder("dispatchPageRequest")
                    .addAnnotation(Override.class)
                    .addModifiers(Modifier.PUBLIC)
                    .returns(PAGE_RESPONSE)
                    .addParameter(PAGE_REQUEST, "last")
                    .addParameter(PAGE_REQUEST_SCOPE, "scope")
                    .addCode(dispatch(model, FaultType.PAGE_REQUEST, "last", true, helpers))
                    .build());
        } else {
            // Tells the router it may skip the scope, so a routed request can stay out of the heap.
            type.addMethod(MethodSpec.methodBuilder("usesPageRequestScope")
                    .addAnnotation(Override.class)
                    .addModifiers(Modifier.PUBLIC)
                    .returns(TypeName.BOOLEAN)
                    .addStatement("return false")
                    .build());
        }
        type.addMethod(MethodSpec.methodBuilder("handles")
                .addAnnotation(Override.class)
                .addModifiers(Modifier.PUBLIC)
                .returns(TypeName.BOOLEAN)
                .addParameter(FAULT_TYPE, "type")
                .addParameter(STAGE, "stage")
                .addCode(handles(model))
                .build());
        type.addMethods(helpers);

        return JavaFile.builder(model.dispatcherName().packageName(), type.build())
                .addFileComment("Generated by Faultline from $L. Do not edit.", model.type().getQualifiedName())
                .skipJavaLangImports(true)
                .indent("    ")
                .build();
    }

    /**
     * A switch over the stage: a case for each stage whose handlers differ from the default's; handlers
     * serving several stages share one case group. A chain with selectors goes to its own small method,
     * so the switch stays within C2's inlining budget however many selectors a driver uses.
     *
     * @param scoped whether this is the body of {@code dispatchPageRequest(last, scope)}, which hands
     *     {@code scope.group()} and {@code scope.defer()} to the handlers that take them
     */
    private static CodeBlock dispatch(DriverModel model, FaultType faultType, String param, boolean scoped,
            List<MethodSpec> helpers) {
        CodeBlock.Builder b = CodeBlock.builder();
        List<HandlerModel> otherwise = model.defaultChain(faultType);
        Map<List<HandlerModel>, List<Stage>> groups = new LinkedHashMap<>();
        for (Stage s : Stage.values()) {
            List<HandlerModel> chain = model.chain(faultType, s);
            if (!chain.equals(otherwise)) {
                groups.computeIfAbsent(chain, c -> new ArrayList<>()).add(s);
            }
        }
        if (groups.isEmpty()) {
            return chain(b, otherwise, faultType, param, scoped, "Otherwise", helpers).build();
        }
        b.beginControlFlow("switch ($N.stage())", param);
        for (Map.Entry<List<HandlerModel>, List<Stage>> group : groups.entrySet()) {
            StringBuilder suffix = new StringBuilder("At");
            for (Stage s : group.getValue()) {
                b.add("case $L:\n", s.name());
                suffix.append(s.name().charAt(0)).append(s.name().substring(1).toLowerCase(java.util.Locale.ROOT));
            }
            b.indent();
            chain(b, group.getKey(), faultType, param, scoped, suffix.toString(), helpers);
            b.unindent();
        }
        b.add("default:\n").indent();
        chain(b, otherwise, faultType, param, scoped, "Otherwise", helpers);
        b.unindent().endControlFlow();
        return b.build();
    }

    /**
     * Code returning the result of {@code chain}: inline for one plain handler, else a helper's call. The
     * scoped variant of a chain whose handlers need no scope calls the plain variant's helper.
     */
    private static CodeBlock.Builder chain(CodeBlock.Builder b, List<HandlerModel> chain, FaultType faultType,
            String param, boolean scoped, String suffix, List<MethodSpec> helpers) {
        if (chain.isEmpty()) {
            return b.addStatement("return null");
        }
        if (chain.size() == 1 && !chain.get(0).conditional()) {
            call(b, chain.get(0), param, scoped);
            return b;
        }
        String name = (faultType == FaultType.UNRECOVERABLE ? "unrecoverable" : "pageRequest") + suffix;
        boolean needsScope = scoped && chain.stream().anyMatch(HandlerModel::scoped);
        if (scoped && !needsScope) {
            return b.addStatement("return $N($N)", name, param);
        }
        CodeBlock.Builder body = CodeBlock.builder();
        HandlerModel last = null;
        for (HandlerModel h : chain) {
            if (!h.conditional()) {
                last = h;
                break;
            }
            body.beginControlFlow("if ($L)", condition(h, param));
            call(body, h, param, scoped);
            body.endControlFlow();
        }
        if (last != null) {
            call(body, last, param, scoped);
        } else {
            body.addStatement("return null");
        }
        MethodSpec.Builder helper = MethodSpec.methodBuilder(name)
                .addModifiers(Modifier.PRIVATE)
                .returns(faultType == FaultType.UNRECOVERABLE ? DISPOSITION : PAGE_RESPONSE)
                .addParameter(faultType == FaultType.UNRECOVERABLE ? UNRECOVERABLE_FAULT : PAGE_REQUEST, param);
        if (needsScope) {
            helper.addParameter(PAGE_REQUEST_SCOPE, "scope");
        }
        helpers.add(helper.addCode(body.build()).build());
        return needsScope
                ? b.addStatement("return $N($N, scope)", name, param)
                : b.addStatement("return $N($N)", name, param);
    }

    /** The selectors of {@code h} as one boolean expression over the fault. */
    private static CodeBlock condition(HandlerModel h, String param) {
        List<CodeBlock> terms = new ArrayList<>();
        if (!h.families().isEmpty()) {
            terms.add(anyOf(h.families().stream()
                    .map(f -> CodeBlock.of("$N.family() == $T.$L", param, FAMILY, f.name()))
                    .collect(java.util.stream.Collectors.toList())));
        }
        if (!h.reasons().isEmpty()) {
            terms.add(anyOf(h.reasons().stream()
                    .map(code -> CodeBlock.of("$N.reason().code() == $L", param, Validator.hex(code)))
                    .collect(java.util.stream.Collectors.toList())));
        }
        for (OnFault.Flag flag : h.access()) {
            terms.add(CodeBlock.of("$N.access().$L()", param, flag.name().toLowerCase(java.util.Locale.ROOT)));
        }
        if (h.pasid() != OnFault.Pasid.ANY) {
            terms.add(CodeBlock.of(h.pasid() == OnFault.Pasid.PRESENT ? "$N.hasPasid()" : "!$N.hasPasid()", param));
        }
        return CodeBlock.join(terms, " && ");
    }

    private static CodeBlock anyOf(List<CodeBlock> alternatives) {
        return alternatives.size() == 1
                ? alternatives.get(0)
                : CodeBlock.of("($L)", CodeBlock.join(alternatives, " || "));
    }

    /**
     * A statement calling {@code h} and returning its result. A handler that defers gets
     * {@code scope.defer()} and its branch returns null (the router saw the defer); without a scope it
     * cannot run, since nothing could carry its later answer back to the caller.
     */
    private static void call(CodeBlock.Builder b, HandlerModel h, String param, boolean scoped) {
        if (h.defers() && !scoped) {
            b.addStatement("throw new $T($S)", UNSUPPORTED, h.label() + " answers through a PageResponder, which"
                    + " only dispatchPageRequest(last, scope) can give it: route this driver's page requests"
                    + " through a FaultRouter");
            return;
        }
        List<CodeBlock> args = new ArrayList<>();
        for (HandlerModel.Param p : h.params()) {
            switch (p) {
                case REQUEST:
                    args.add(CodeBlock.of("$N", param));
                    break;
                case GROUP:
                    // A plain caller hands over one request: it is the whole group it knows.
                    args.add(scoped ? CodeBlock.of("scope.group()") : CodeBlock.of("$T.of($N)", PAGE_REQUEST_GROUP, param));
                    break;
                default:
                    args.add(CodeBlock.of("scope.defer()"));
                    break;
            }
        }
        CodeBlock arg = CodeBlock.join(args, ", ");
        if (h.defers()) {
            b.addStatement("driver.$N($L)", h.methodName(), arg);
            b.addStatement("return null");
        } else if (h.type() == FaultType.PAGE_REQUEST) {
            b.addStatement("return $T.requireResponse(driver.$N($L), $S)", FAULT_DISPATCHER, h.methodName(), arg,
                    h.label());
        } else if (h.returnsValue()) {
            b.addStatement("return $T.requireDisposition(driver.$N($L), $S)", FAULT_DISPATCHER, h.methodName(), arg,
                    h.label());
        } else {
            b.addStatement("driver.$N($L)", h.methodName(), arg);
            b.addStatement("return $T.HANDLED", DISPOSITION);
        }
    }

    private static CodeBlock handles(DriverModel model) {
        CodeBlock.Builder b = CodeBlock.builder();
        Map<FaultType, Set<Stage>> handled = new LinkedHashMap<>();
        for (FaultType t : FaultType.values()) {
            Set<Stage> stages = EnumSet.noneOf(Stage.class);
            for (Stage s : Stage.values()) {
                if (!model.chain(t, s).isEmpty()) {
                    stages.add(s);
                }
            }
            if (!stages.isEmpty()) {
                handled.put(t, stages);
            }
        }
        if (handled.isEmpty()) {
            return b.addStatement("return false").build();
        }
        b.beginControlFlow("switch (type)");
        for (Map.Entry<FaultType, Set<Stage>> e : handled.entrySet()) {
            b.add("case $L:\n", e.getKey().name()).indent();
            if (e.getValue().size() == Stage.values().length) {
                b.addStatement("return true");
            } else {
                b.beginControlFlow("switch (stage)");
                for (Stage s : e.getValue()) {
                    b.add("case $L:\n", s.name());
                }
                b.indent().addStatement("return true").unindent();
                b.add("default:\n").indent().addStatement("return false").unindent();
                b.endControlFlow();
            }
            b.unindent();
        }
        b.add("default:\n").indent().addStatement("return false").unindent();
        b.endControlFlow();
        return b.build();
    }
}
