package io.sparklab.support;

import io.sparklab.grading.live.LiveCheck;
import io.sparklab.logs.LogsService;
import io.sparklab.stack.LabImage;
import io.sparklab.stack.LabProject;
import io.sparklab.stack.LabService;
import io.sparklab.stack.Service;
import io.sparklab.streaming.StreamingService;
import io.sparklab.tracing.TracingService;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The main of {@link LiveChecks#checkInAJvmOfItsOwn}: one exercise's live check, with the addresses of
 * a test's stack given on the command line. Arguments: the project folder, the exercise id, then
 * {@code alias=url} for each service and {@code image:NAME=reference} for each of the stack's images.
 * Exits with the check's code.
 */
public final class LiveCheckJvm {
    /** Every service a check may ask for: the stack's and the add-ons'. */
    static final List<Service> SERVICES = Stream.of(LabService.values(), TracingService.values(), LogsService.values(),
            StreamingService.values()).flatMap(Stream::of).map(Service.class::cast).toList();
    static final String IMAGE = "image:";

    private LiveCheckJvm() {
    }

    public static void main(String[] args) {
        Map<String, String> urls = new HashMap<>();
        Map<LabImage, String> images = new EnumMap<>(LabImage.class);
        for (String arg : List.of(args).subList(2, args.length)) {
            String[] nameValue = arg.split("=", 2);
            if (nameValue[0].startsWith(IMAGE)) {
                images.put(LabImage.valueOf(nameValue[0].substring(IMAGE.length())), nameValue[1]);
            } else {
                urls.put(nameValue[0], nameValue[1]);
            }
        }
        LiveCheck check = new LiveCheck(new LabProject(Path.of(args[0])),
                service -> urls.getOrDefault(service.alias(), "(no " + service.title() + " given)"), images);
        System.exit(check.run(args[1]));
    }
}
