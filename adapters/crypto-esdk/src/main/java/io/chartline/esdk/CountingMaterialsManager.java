package io.chartline.esdk;

import com.amazonaws.encryptionsdk.CryptoMaterialsManager;
import com.amazonaws.encryptionsdk.model.DecryptionMaterials;
import com.amazonaws.encryptionsdk.model.DecryptionMaterialsRequest;
import com.amazonaws.encryptionsdk.model.EncryptionMaterials;
import com.amazonaws.encryptionsdk.model.EncryptionMaterialsRequest;
import java.util.concurrent.atomic.AtomicLong;

/** Counts the calls that get past the data-key cache to the key backend. */
final class CountingMaterialsManager implements CryptoMaterialsManager {

  private final CryptoMaterialsManager delegate;
  private final AtomicLong encrypt;
  private final AtomicLong decrypt;

  CountingMaterialsManager(CryptoMaterialsManager delegate, AtomicLong encrypt, AtomicLong decrypt) {
    this.delegate = delegate;
    this.encrypt = encrypt;
    this.decrypt = decrypt;
  }

  @Override
  public EncryptionMaterials getMaterialsForEncrypt(EncryptionMaterialsRequest request) {
    encrypt.incrementAndGet();
    return delegate.getMaterialsForEncrypt(request);
  }

  @Override
  public DecryptionMaterials decryptMaterials(DecryptionMaterialsRequest request) {
    decrypt.incrementAndGet();
    return delegate.decryptMaterials(request);
  }
}
