import java.io.File;
import java.util.List;

import org.omegat.core.Core;
import org.omegat.core.data.NotLoadedProject;
import org.omegat.core.data.ProjectProperties;
import org.omegat.gui.glossary.GlossaryEntry;
import org.omegat.gui.glossary.GlossaryReaderCSV;
import org.omegat.gui.glossary.GlossaryReaderTBX;
import org.omegat.gui.glossary.GlossaryReaderTSV;
import org.omegat.util.Language;

/**
 * Reads a glossary file with OmegaT's own glossary readers, as OmegaT does when the file is
 * in a project's glossary folder, and prints one JSON object per entry it would show:
 * {"source": ..., "target": ..., "comment": ...}.
 *
 * Usage: java ReadOmegatGlossary tbx|tsv|csv FILE SOURCE-LANG TARGET-LANG
 * (the TBX reader keeps only the languages of the project, so it needs them).
 */
public class ReadOmegatGlossary {
    public static void main(String[] args) throws Exception {
        ProjectProperties properties = new ProjectProperties() {};
        properties.setSourceLanguage(new Language(args[2]));
        properties.setTargetLanguage(new Language(args[3]));
        Core.setProject(new NotLoadedProject() {
            @Override
            public ProjectProperties getProjectProperties() {
                return properties;
            }
        });
        File file = new File(args[1]);
        List<GlossaryEntry> entries;
        switch (args[0]) {
            case "tbx": entries = GlossaryReaderTBX.read(file, false); break;
            case "tsv": entries = GlossaryReaderTSV.read(file, false); break;
            case "csv": entries = GlossaryReaderCSV.read(file, false); break;
            default: throw new IllegalArgumentException("reader: tbx, tsv or csv, not " + args[0]);
        }
        StringBuilder out = new StringBuilder();
        for (GlossaryEntry entry : entries) {
            out.append("{\"source\": ").append(json(entry.getSrcText()))
                .append(", \"target\": ").append(json(entry.getLocText()))
                .append(", \"comment\": ").append(json(entry.getCommentText()))
                .append("}\n");
        }
        System.out.write(out.toString().getBytes("UTF-8"));
        System.out.flush();
    }

    private static String json(String text) {
        StringBuilder quoted = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            if (c == '"' || c == '\\') {
                quoted.append('\\').append(c);
            } else if (c < 0x20) {
                quoted.append(String.format("\\u%04x", (int) c));
            } else {
                quoted.append(c);
            }
        }
        return quoted.append('"').toString();
    }
}
