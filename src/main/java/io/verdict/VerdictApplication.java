package io.verdict;

import io.verdict.cli.Cli;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.boot.context.properties.ConfigurationPropertiesScan;

@SpringBootApplication
@ConfigurationPropertiesScan
public class VerdictApplication {

    /** {@code validate}, {@code test} or {@code evaluate} run the command line without a web server. */
    public static void main(String[] args) {
        if (Cli.handles(args)) {
            System.exit(Cli.main(args));
        }
        SpringApplication.run(VerdictApplication.class, args);
    }
}
