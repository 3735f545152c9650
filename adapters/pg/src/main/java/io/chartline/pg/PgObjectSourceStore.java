package io.chartline.pg;

import io.chartline.common.intake.ObjectEvent;
import io.chartline.common.intake.ObjectSourceStore;
import io.chartline.common.intake.Sequencers;
import io.chartline.common.tenant.TenantId;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Objects;
import java.util.UUID;

/**
 * {@code object_sources} and the documents made of foreign objects: the {@link ObjectSourceStore}
 * in PostgreSQL. The key's row is locked for the decision, so two nodes handling two deliveries of
 * events for one key take turns, and the newer event wins whatever their order.
 */
public final class PgObjectSourceStore implements ObjectSourceStore {

  private static final String LAST = "SELECT sequencer, removed, document_id FROM object_sources "
      + "WHERE tenant_id = $1 AND bucket = $2 AND object_key = $3 FOR UPDATE";
  private static final String REMEMBER = "INSERT INTO object_sources (tenant_id, bucket, object_key, document_id, "
      + "sequencer, version_id, object_etag, removed, event_time) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) "
      + "ON CONFLICT (tenant_id, bucket, object_key) DO UPDATE SET sequencer = EXCLUDED.sequencer, "
      + "version_id = EXCLUDED.version_id, object_etag = EXCLUDED.object_etag, removed = EXCLUDED.removed, "
      + "event_time = EXCLUDED.event_time, updated_at = now()";
  // A new version starts the document over: received, with the new object's facts; a parse of the
  // older version still in flight loses to the new one (its generation is older).
  private static final String DOCUMENT = "INSERT INTO documents (tenant_id, document_id, title, content_type, "
      + "size_bytes, object_bucket, object_key, object_etag, status, created_by, title_cipher, title_key_version) "
      + "VALUES ($1, $2, $3, $4, $5, $6, $7, $8, 'received', $9, $10, $11) "
      + "ON CONFLICT (tenant_id, document_id) DO UPDATE SET title = EXCLUDED.title, "
      + "content_type = EXCLUDED.content_type, size_bytes = EXCLUDED.size_bytes, object_etag = EXCLUDED.object_etag, "
      + "title_cipher = EXCLUDED.title_cipher, title_key_version = EXCLUDED.title_key_version, status = 'received', "
      + "error_code = NULL, error_message = NULL, updated_at = now() "
      + "WHERE documents.object_bucket = EXCLUDED.object_bucket AND documents.object_key = EXCLUDED.object_key";

  private final Pool pool;
  private final PgDocumentStore documents;

  /** @param documents registers the tenant's partition before its first document */
  public PgObjectSourceStore(Pool pool, PgDocumentStore documents) {
    this.pool = Objects.requireNonNull(pool, "pool");
    this.documents = Objects.requireNonNull(documents, "documents");
  }

  @Override
  public Future<Decision> created(TenantId tenant, Version v, String createdBy) {
    ObjectEvent e = v.event();
    return documents.ensureTenant(tenant).compose(x -> TenantTx.run(pool, tenant, conn -> last(conn, tenant, e)
        .compose(last -> {
          int order = last == null ? 1 : Sequencers.compare(e.sequencer(), last.getString("sequencer"));
          if (order < 0) {
            return Future.succeededFuture(Decision.SKIP);
          }
          if (order == 0) {
            return last.getBoolean("removed") ? Future.succeededFuture(Decision.SKIP)
                : stillReceived(conn, tenant, v.documentId())
                    .map(received -> received ? Decision.INGEST_AGAIN : Decision.SKIP);
          }
          return remember(conn, tenant, v.documentId(), e, false)
              .compose(r -> conn.preparedQuery(DOCUMENT).execute(Tuple.tuple().addString(tenant.value())
                  .addUUID(v.documentId()).addString(v.sealedTitle() == null ? v.title() : null)
                  .addString(v.contentType()).addLong(Math.max(0, v.size())).addString(e.bucket())
                  .addString(e.key()).addString(e.eTag()).addString(createdBy)
                  .addBuffer(v.sealedTitle() == null ? null : Buffer.buffer(v.sealedTitle().message()))
                  .addInteger(v.sealedTitle() == null ? null : v.sealedTitle().keyVersion())))
              .map(Decision.INGEST);
        })));
  }

  @Override
  public Future<Decision> removed(TenantId tenant, UUID documentId, ObjectEvent e) {
    return TenantTx.run(pool, tenant, conn -> last(conn, tenant, e).compose(last -> {
      if (last == null || Sequencers.compare(e.sequencer(), last.getString("sequencer")) <= 0) {
        // never seen (not a document) or not newer than what is recorded
        return Future.succeededFuture(Decision.SKIP);
      }
      return remember(conn, tenant, documentId, e, true).map(Decision.REMOVE);
    }));
  }

  private static Future<Row> last(SqlConnection conn, TenantId tenant, ObjectEvent e) {
    return conn.preparedQuery(LAST).execute(Tuple.of(tenant.value(), e.bucket(), e.key()))
        .map(rs -> rs.size() == 0 ? null : rs.iterator().next());
  }

  private static Future<Boolean> stillReceived(SqlConnection conn, TenantId tenant, UUID documentId) {
    return conn.preparedQuery("SELECT status FROM documents WHERE tenant_id = $1 AND document_id = $2")
        .execute(Tuple.of(tenant.value(), documentId))
        .map(rs -> rs.size() == 1 && "received".equals(rs.iterator().next().getString(0)));
  }

  private static Future<Void> remember(SqlConnection conn, TenantId tenant, UUID documentId, ObjectEvent e,
      boolean removed) {
    OffsetDateTime at = e.eventTime() == null ? null : e.eventTime().atOffset(ZoneOffset.UTC);
    return conn.preparedQuery(REMEMBER).execute(Tuple.tuple().addString(tenant.value()).addString(e.bucket())
            .addString(e.key()).addUUID(documentId).addString(e.sequencer()).addString(e.versionId())
            .addString(e.eTag()).addBoolean(removed).addOffsetDateTime(at))
        .mapEmpty();
  }
}
