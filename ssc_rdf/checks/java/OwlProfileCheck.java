import java.io.File;

import org.semanticweb.owlapi.apibinding.OWLManager;
import org.semanticweb.owlapi.model.OWLOntology;
import org.semanticweb.owlapi.model.OWLOntologyCreationException;
import org.semanticweb.owlapi.profiles.OWL2DLProfile;
import org.semanticweb.owlapi.profiles.OWLProfileReport;
import org.semanticweb.owlapi.profiles.OWLProfileViolation;

/**
 * The OWL 2 DL profile check of the OWL API, as ROBOT's validate-profile and Protege run it,
 * so that "OWL 2 DL" is what those tools say and not what we believe.
 * Prints each violation on one line; exit 0 in profile, 1 with violations, 3 when unreadable.
 */
public final class OwlProfileCheck {
    public static void main(String[] args) {
        OWLOntology ontology;
        try {
            ontology = OWLManager.createOWLOntologyManager().loadOntologyFromOntologyDocument(new File(args[0]));
        } catch (OWLOntologyCreationException e) {
            System.out.println(String.valueOf(e.getMessage()).replaceAll("\\s+", " ").trim());
            System.exit(3);
            return;
        }
        OWLProfileReport report = new OWL2DLProfile().checkOntology(ontology);
        for (OWLProfileViolation violation : report.getViolations()) {
            System.out.println(violation.toString().replaceAll("\\s+", " ").trim());
        }
        System.exit(report.isInProfile() ? 0 : 1);
    }
}
