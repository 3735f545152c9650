package io.chartline.esdk;

import com.amazonaws.encryptionsdk.MasterKeyProvider;
import com.amazonaws.encryptionsdk.kmssdkv2.KmsMasterKeyProvider;
import io.chartline.common.crypto.CryptoException;
import io.chartline.common.crypto.TenantKeyRow;
import io.chartline.common.error.ErrorCode;
import io.chartline.common.tenant.TenantId;
import java.util.concurrent.CompletionException;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.kms.KmsAsyncClient;
import software.amazon.awssdk.services.kms.KmsAsyncClientBuilder;
import software.amazon.awssdk.services.kms.KmsClient;
import software.amazon.awssdk.services.kms.KmsClientBuilder;
import software.amazon.awssdk.services.kms.model.KmsException;
import software.amazon.awssdk.services.kms.model.KmsInvalidStateException;
import software.amazon.awssdk.services.kms.model.NotFoundException;
import software.amazon.awssdk.services.kms.model.Tag;

/**
 * Tenant keys in AWS KMS: each tenant key version is its own symmetric KMS key (tagged with the
 * tenant, aliased {@code alias/<prefix>/<tenant>/v<n>}), created and scheduled for deletion with
 * the asynchronous client; data keys come from KMS through the Encryption SDK's
 * {@link KmsMasterKeyProvider} in strict mode (only the recorded key ARN, never discovery). The
 * data-key cache in {@link EsdkTenantCrypto} keeps KMS calls to about one per document.
 * Destroying a version schedules the KMS key's deletion (the shortest window KMS allows, 7 days);
 * from that moment KMS refuses to use it.
 */
public final class KmsKeyBackend implements EsdkKeyBackend, AutoCloseable {

  public static final String PROVIDER = CryptoSettings.KMS;

  private final KmsAsyncClient admin;
  private final KmsClient data;
  private final Region region;
  private final String aliasPrefix;

  public KmsKeyBackend(KmsSettings settings) {
    this.region = Region.of(settings.region());
    AwsCredentialsProvider credentials = settings.accessKey() == null ? DefaultCredentialsProvider.builder().build()
        : StaticCredentialsProvider.create(AwsBasicCredentials.create(settings.accessKey(), settings.secretKey()));
    KmsAsyncClientBuilder a = KmsAsyncClient.builder().region(region).credentialsProvider(credentials);
    KmsClientBuilder d = KmsClient.builder().region(region).credentialsProvider(credentials);
    if (settings.endpoint() != null) {
      a.endpointOverride(settings.endpoint());
      d.endpointOverride(settings.endpoint());
    }
    this.admin = a.build();
    this.data = d.build();
    this.aliasPrefix = settings.aliasPrefix();
  }

  @Override
  public String provider() {
    return PROVIDER;
  }

  @Override
  public NewKey create(TenantId tenant, int version) {
    try {
      String arn = admin.createKey(r -> r.description("Chartline tenant key " + tenant.value() + " v" + version)
              .tags(Tag.builder().tagKey("chartline:tenant").tagValue(tenant.value()).build(),
                  Tag.builder().tagKey("chartline:key-version").tagValue(Integer.toString(version)).build()))
          .join().keyMetadata().arn(); // blocking-ok: key backends run on the crypto worker pool
      admin.createAlias(r -> r.aliasName("alias/" + aliasPrefix + "/" + tenant.value() + "/v" + version)
          .targetKeyId(arn)).join(); // blocking-ok: key backends run on the crypto worker pool
      return new NewKey(arn, null);
    } catch (CompletionException | KmsException e) {
      throw new CryptoException(ErrorCode.KEY_UNAVAILABLE, tenant, "KMS refused to create the tenant key: "
          + code(e), null);
    }
  }

  @Override
  public MasterKeyProvider<?> open(TenantKeyRow row) {
    return KmsMasterKeyProvider.builder().defaultRegion(region).customRegionalClientSupplier(r -> data)
        .buildStrict(row.keyRef());
  }

  @Override
  public void destroy(TenantKeyRow row) {
    try {
      admin.scheduleKeyDeletion(r -> r.keyId(row.keyRef()).pendingWindowInDays(7)).join(); // blocking-ok: crypto pool
    } catch (CompletionException e) {
      if (e.getCause() instanceof KmsInvalidStateException || e.getCause() instanceof NotFoundException) {
        return; // already pending deletion, or gone
      }
      throw new CryptoException(ErrorCode.KEY_UNAVAILABLE, row.tenant(), "KMS refused to delete the tenant key: "
          + code(e), null);
    }
  }

  private static String code(Exception e) {
    Throwable c = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    return c instanceof KmsException k && k.awsErrorDetails() != null ? k.awsErrorDetails().errorCode()
        : c.getClass().getSimpleName();
  }

  @Override
  public void close() {
    admin.close();
    data.close();
  }
}
