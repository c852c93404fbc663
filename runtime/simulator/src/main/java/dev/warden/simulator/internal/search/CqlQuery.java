package dev.warden.simulator.internal.search;

import java.util.Comparator;
import java.util.function.Predicate;

/** A parsed CQL query: which items match and in which order they come. */
record CqlQuery(Predicate<SearchItem> filter, Comparator<SearchItem> order) {}
