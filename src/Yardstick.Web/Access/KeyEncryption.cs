using System.Security.Cryptography;
using System.Xml.Linq;
using Microsoft.AspNetCore.DataProtection.XmlEncryption;
using Org.BouncyCastle.Crypto.Engines;
using Org.BouncyCastle.Crypto.Modes;
using Org.BouncyCastle.Crypto.Parameters;

namespace Yardstick.Web.Access;

/// <summary>
/// The key that encrypts the data-protection key ring at rest (SM4, GB/T 32907), held in a file outside the database:
/// whoever reads the database or its backups finds only ciphertext and cannot forge a sign-in cookie. Configured like the
/// connection string (<c>Yardstick__KeyFile</c>; by default beside a SQLite database, else in the working folder); made
/// on first start, with a log line saying where. Every instance of one deployment needs the same file.
/// </summary>
public sealed class KeyFile
{
    private KeyFile(string path, byte[] key, bool created)
    {
        Path = path;
        Key = key;
        Created = created;
    }

    public string Path { get; }

    /// <summary>True when this start made the file (the host logs where it is, once).</summary>
    public bool Created { get; }

    internal byte[] Key { get; }

    public static KeyFile LoadOrCreate(string path)
    {
        path = System.IO.Path.GetFullPath(path);
        if (File.Exists(path))
        {
            var text = File.ReadAllText(path).Trim();
            var key = text.Length == 32 && text.All(Uri.IsHexDigit) ? Convert.FromHexString(text)
                : throw new InvalidOperationException($"数据保护密钥文件 {path} 格式不对 (应为 32 位十六进制)");
            return new KeyFile(path, key, created: false);
        }
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        var fresh = RandomNumberGenerator.GetBytes(16);
        // Written aside and moved into place, never overwriting: an instance starting at the same moment either wins or
        // reads the winner's file, and nobody reads a half-written one.
        var aside = path + "." + Guid.NewGuid().ToString("N")[..8] + ".tmp";
        File.WriteAllText(aside, Convert.ToHexStringLower(fresh) + "\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(aside, UnixFileMode.UserRead | UnixFileMode.UserWrite);
        }
        try
        {
            File.Move(aside, path, overwrite: false);
        }
        catch (IOException) when (File.Exists(path))
        {
            File.Delete(aside);
            return LoadOrCreate(path);
        }
        return new KeyFile(path, fresh, created: true);
    }

    /// <summary>A secret kept in the store (a 钉钉 robot's 加签 secret) sealed like the key ring: only the key file opens it.</summary>
    public string SealText(string text) => Seal(System.Text.Encoding.UTF8.GetBytes(text));

    public string OpenText(string sealedText) => System.Text.Encoding.UTF8.GetString(Open(sealedText));

    /// <summary>SM4-GCM: a fresh 12-byte nonce per key, the 16-byte tag appended; base64 of nonce ‖ ciphertext ‖ tag.</summary>
    internal string Seal(byte[] plaintext)
    {
        var nonce = RandomNumberGenerator.GetBytes(12);
        var cipher = new GcmBlockCipher(new SM4Engine());
        cipher.Init(true, new AeadParameters(new KeyParameter(Key), 128, nonce));
        var output = new byte[cipher.GetOutputSize(plaintext.Length)];
        var length = cipher.ProcessBytes(plaintext, 0, plaintext.Length, output, 0);
        cipher.DoFinal(output, length);
        return Convert.ToBase64String([.. nonce, .. output]);
    }

    internal byte[] Open(string sealedText)
    {
        var bytes = Convert.FromBase64String(sealedText);
        var cipher = new GcmBlockCipher(new SM4Engine());
        cipher.Init(false, new AeadParameters(new KeyParameter(Key), 128, bytes[..12]));
        var output = new byte[cipher.GetOutputSize(bytes.Length - 12)];
        var length = cipher.ProcessBytes(bytes, 12, bytes.Length - 12, output, 0);
        cipher.DoFinal(output, length);
        return output;
    }
}

/// <summary>Encrypts each new data-protection key with the <see cref="KeyFile"/> before it is stored.</summary>
public sealed class Sm4XmlEncryptor(KeyFile key) : IXmlEncryptor
{
    public EncryptedXmlInfo Encrypt(XElement plaintextElement)
    {
        ArgumentNullException.ThrowIfNull(plaintextElement);
        var sealedText = key.Seal(System.Text.Encoding.UTF8.GetBytes(plaintextElement.ToString(SaveOptions.DisableFormatting)));
        return new EncryptedXmlInfo(new XElement("sm4Encrypted", new XComment(" SM4-GCM; the key is in the data-protection key file, not in the database "),
            new XElement("value", sealedText)), typeof(Sm4XmlDecryptor));
    }
}

/// <summary>Decrypts stored keys; made by the data-protection system, which gives it the app's services.</summary>
public sealed class Sm4XmlDecryptor(IServiceProvider services) : IXmlDecryptor
{
    public XElement Decrypt(XElement encryptedElement)
    {
        ArgumentNullException.ThrowIfNull(encryptedElement);
        var key = services.GetRequiredService<KeyFile>();
        try
        {
            return XElement.Parse(System.Text.Encoding.UTF8.GetString(key.Open(encryptedElement.Element("value")!.Value)));
        }
        catch (Org.BouncyCastle.Crypto.InvalidCipherTextException e)
        {
            throw new CryptographicException($"数据保护密钥无法用密钥文件 {key.Path} 解密: 该文件与数据库不是同一套 (各实例须使用同一个密钥文件)", e);
        }
    }
}
