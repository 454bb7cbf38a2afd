package io.sparklab.grading;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The files of a student repository compared with its release manifest: which exercises' tests, which
 * grading files and which lab-part tests are not as released. The instructor's own copy of the
 * manifest, when given, is the reference, so editing the manifest in the repository is caught too.
 */
public record ReleaseCheck(boolean isRelease, String fingerprint, String reference, Map<String, String> gradingChanges,
                           Map<String, String> labPartChanges, Map<String, Map<String, String>> exerciseChanges) {

    /** Checks {@code root} against its manifest, or against {@code instructorCopy} when not null. */
    public static ReleaseCheck of(Path root, Path instructorCopy) {
        Path inRepo = root.resolve(ReleaseManifest.FILE);
        if (instructorCopy == null && !Files.isRegularFile(inRepo)) {
            return new ReleaseCheck(false, null, null, Map.of(), Map.of(), Map.of());
        }
        Path referenceFile = instructorCopy != null ? instructorCopy : inRepo;
        if (!Files.isRegularFile(referenceFile)) {
            throw new io.sparklab.stack.LabException("No release manifest at " + referenceFile + " (given with --manifest)");
        }
        ReleaseManifest manifest = ReleaseManifest.read(referenceFile);
        String fingerprint = ReleaseManifest.fingerprint(referenceFile);
        Map<String, String> grading = new TreeMap<>(ReleaseManifest.differences(root, manifest.grading()));
        grading.putAll(ReleaseManifest.additions(root, ReleaseManifest.GRADING_PATHS, manifest.grading()));
        if (instructorCopy != null) {
            if (!Files.isRegularFile(inRepo)) {
                grading.put(ReleaseManifest.FILE, "deleted");
            } else if (!ReleaseManifest.fingerprint(inRepo).equals(fingerprint)) {
                grading.put(ReleaseManifest.FILE, "changed (differs from the instructor's copy)");
            }
        }
        Map<String, String> labParts = new TreeMap<>(ReleaseManifest.differences(root, manifest.labParts()));
        labParts.putAll(ReleaseManifest.additions(root, ReleaseManifest.LAB_PART_PATHS, manifest.labParts()));
        Map<String, Map<String, String>> exercises = new LinkedHashMap<>();
        manifest.exercises().forEach((id, files) -> {
            Map<String, String> diff = ReleaseManifest.differences(root, files);
            if (!diff.isEmpty()) {
                exercises.put(id, diff);
            }
        });
        return new ReleaseCheck(true, fingerprint, instructorCopy != null ? "the instructor's copy " + instructorCopy : ReleaseManifest.FILE,
                grading, labParts, exercises);
    }

    /** Why this exercise scores 0, if its result cannot be trusted. */
    public Optional<String> reasonToScoreZero(String exerciseId) {
        if (!gradingChanges.isEmpty()) {
            return Optional.of("the grading code was changed since the release: " + list(gradingChanges));
        }
        Map<String, String> mine = exerciseChanges.get(exerciseId);
        return mine == null ? Optional.empty() : Optional.of("its test was changed since the release: " + list(mine));
    }

    public boolean intact() {
        return gradingChanges.isEmpty() && labPartChanges.isEmpty() && exerciseChanges.isEmpty();
    }

    /** One line for the summary. */
    public String summary() {
        if (!isRelease) {
            return "not a student release (no " + ReleaseManifest.FILE + "): test files not checked";
        }
        StringBuilder s = new StringBuilder("release manifest " + fingerprint.substring(0, 16) + " (" + reference + "): ");
        if (intact()) {
            return s.append("every test and grading file as released").toString();
        }
        if (!gradingChanges.isEmpty()) {
            s.append("grading code changed, every exercise scores 0; ");
        }
        if (!exerciseChanges.isEmpty()) {
            s.append("tests changed for exercise ").append(String.join(", ", exerciseChanges.keySet())).append(", scored 0; ");
        }
        if (!labPartChanges.isEmpty()) {
            s.append("lab-part tests changed (not scored): ").append(list(labPartChanges)).append("; ");
        }
        return s.substring(0, s.length() - 2);
    }

    private static String list(Map<String, String> changes) {
        return changes.entrySet().stream().map(e -> e.getKey() + " (" + e.getValue() + ")").collect(Collectors.joining(", "));
    }
}
