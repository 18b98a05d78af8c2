// Reads "a<TAB>b" lines and prints the sign of new ComparableVersion(a).compareTo(new ComparableVersion(b)).
// Compile against maven-artifact 3.9.9's ComparableVersion.java; see SOURCE.md.
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.PrintStream;
import org.apache.maven.artifact.versioning.ComparableVersion;

public class MavenOracle {
  public static void main(String[] args) throws Exception {
    BufferedReader in = new BufferedReader(new InputStreamReader(System.in, "UTF-8"));
    PrintStream out = new PrintStream(System.out, true, "UTF-8");
    String line;
    while ((line = in.readLine()) != null) {
      String[] pair = line.split("\t", -1);
      out.println(Integer.signum(new ComparableVersion(pair[0]).compareTo(new ComparableVersion(pair[1]))));
    }
  }
}
