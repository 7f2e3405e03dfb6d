package com.wfp.aws;

import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.awscore.client.builder.AwsSyncClientBuilder;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;

import java.net.URI;
import java.util.Map;

/**
 * Builds the SDK clients of a function container: on the light url-connection HTTP client, at the
 * endpoint {@code AWS_ENDPOINT_URL_<SERVICE>} or else {@code AWS_ENDPOINT_URL} names when one is
 * set (an AWS-compatible server such as moto_server or LocalStack), else the region's own, as the
 * AWS SDKs' shared configuration does. Region and credentials come from the Lambda environment.
 */
final class AwsClients {

    /** The variable that points every client at another AWS-compatible endpoint. */
    static final String ENDPOINT_URL = "AWS_ENDPOINT_URL";

    private AwsClients() {
    }

    /**
     * @param service the service's part of its endpoint variable, such as {@code DYNAMODB} or {@code LAMBDA}
     */
    static <B extends AwsClientBuilder<B, C> & AwsSyncClientBuilder<B, C>, C> C build(B builder, String service,
                                                                                    Map<String, String> environment) {
        builder.httpClientBuilder(UrlConnectionHttpClient.builder());
        String endpoint = environment.get(ENDPOINT_URL + "_" + service);
        if (endpoint == null || endpoint.isBlank()) {
            endpoint = environment.get(ENDPOINT_URL);
        }
        if (endpoint != null && !endpoint.isBlank()) {
            builder.endpointOverride(URI.create(endpoint.strip()));
        }
        return builder.build();
    }
}
