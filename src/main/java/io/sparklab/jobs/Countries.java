package io.sparklab.jobs;

import java.util.List;

/** The small dimension table the ETL joins to: country code, name, region. */
public final class Countries {
    /** One row of the dimension. */
    public record Country(String code, String name, String region) {
    }

    public static final List<Country> ALL = List.of(
            new Country("US", "United States", "Americas"),
            new Country("CA", "Canada", "Americas"),
            new Country("MX", "Mexico", "Americas"),
            new Country("BR", "Brazil", "Americas"),
            new Country("DE", "Germany", "Europe"),
            new Country("FR", "France", "Europe"),
            new Country("GB", "United Kingdom", "Europe"),
            new Country("ES", "Spain", "Europe"),
            new Country("IT", "Italy", "Europe"),
            new Country("NL", "Netherlands", "Europe"),
            new Country("SE", "Sweden", "Europe"),
            new Country("JP", "Japan", "Asia-Pacific"),
            new Country("KR", "South Korea", "Asia-Pacific"),
            new Country("IN", "India", "Asia-Pacific"),
            new Country("AU", "Australia", "Asia-Pacific"),
            new Country("ZA", "South Africa", "Africa"));

    private Countries() {
    }
}
