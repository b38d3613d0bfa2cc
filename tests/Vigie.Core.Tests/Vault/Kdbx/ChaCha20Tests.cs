using System.Text;
using Vigie.Core.Vault.Kdbx;

namespace Vigie.Core.Tests.Vault.Kdbx;

public class ChaCha20Tests
{
    private const string SequentialKey = "000102030405060708090a0b0c0d0e0f101112131415161718191a1b1c1d1e1f";
    private const string ZeroKey = "0000000000000000000000000000000000000000000000000000000000000000";

    // RFC 8439 §2.3.2.
    [Fact]
    public void Block_Rfc8439Section232_MatchesSerializedBlock()
    {
        var output = new byte[64];
        ChaCha20.Block(Convert.FromHexString(SequentialKey), Convert.FromHexString("000000090000004a00000000"), 1, output);
        Assert.Equal(
            "10f1e7e4d13b5915500fdd1fa32071c4c7d1f4c733c068030422aa9ac3d46c4e"
            + "d2826446079faa0914c2d705d98b02a2b5129cd1de164eb9cbd083e8a2503c4e",
            Convert.ToHexStringLower(output));
    }

    // RFC 8439 appendix A.1, test vectors 1 to 5.
    [Theory]
    [InlineData(ZeroKey, "000000000000000000000000", 0u,
        "76b8e0ada0f13d90405d6ae55386bd28bdd219b8a08ded1aa836efcc8b770dc7da41597c5157488d7724e03fb8d84a376a43b8f41518a11cc387b669b2ee6586")]
    [InlineData(ZeroKey, "000000000000000000000000", 1u,
        "9f07e7be5551387a98ba977c732d080dcb0f29a048e3656912c6533e32ee7aed29b721769ce64e43d57133b074d839d531ed1f28510afb45ace10a1f4b794d6f")]
    [InlineData("0000000000000000000000000000000000000000000000000000000000000001", "000000000000000000000000", 1u,
        "3aeb5224ecf849929b9d828db1ced4dd832025e8018b8160b82284f3c949aa5a8eca00bbb4a73bdad192b5c42f73f2fd4e273644c8b36125a64addeb006c13a0")]
    [InlineData("00ff000000000000000000000000000000000000000000000000000000000000", "000000000000000000000000", 2u,
        "72d54dfbf12ec44b362692df94137f328fea8da73990265ec1bbbea1ae9af0ca13b25aa26cb4a648cb9b9d1be65b2c0924a66c54d545ec1b7374f4872e99f096")]
    [InlineData(ZeroKey, "000000000000000000000002", 0u,
        "c2c64d378cd536374ae204b9ef933fcd1a8b2288b3dfa49672ab765b54ee27c78a970e0e955c14f3a88e741b97c286f75f8fc299e8148362fa198a39531bed6d")]
    public void Block_Rfc8439AppendixA1_MatchesKeystream(string key, string nonce, uint counter, string expected)
    {
        var output = new byte[64];
        ChaCha20.Block(Convert.FromHexString(key), Convert.FromHexString(nonce), counter, output);
        Assert.Equal(expected, Convert.ToHexStringLower(output));
    }

    // RFC 8439 §2.4.2.
    [Fact]
    public void Xor_Rfc8439Section242Sunscreen_MatchesCiphertext()
    {
        var plaintext = Encoding.ASCII.GetBytes(
            "Ladies and Gentlemen of the class of '99: If I could offer you only one tip for the future, sunscreen would be it.");
        Assert.Equal(114, plaintext.Length);
        Assert.Equal(
            "6e2e359a2568f98041ba0728dd0d6981e97e7aec1d4360c20a27afccfd9fae0bf91b65c5524733ab8f593dabcd62b357"
            + "1639d624e65152ab8f530c359f0861d807ca0dbf500d6a6156a38e088a22b65e52bc514d16ccf806818ce91ab7793736"
            + "5af90bbf74a35be6b40b8eedf2785e42874d",
            Encrypt(SequentialKey, "000000000000004a00000000", 1, plaintext));
    }

    // RFC 8439 appendix A.2, test vector 1.
    [Fact]
    public void Xor_Rfc8439AppendixA2Vector1_MatchesCiphertext() =>
        Assert.Equal(
            "76b8e0ada0f13d90405d6ae55386bd28bdd219b8a08ded1aa836efcc8b770dc7da41597c5157488d7724e03fb8d84a376a43b8f41518a11cc387b669b2ee6586",
            Encrypt(ZeroKey, "000000000000000000000000", 0, new byte[64]));

    // RFC 8439 appendix A.2, test vector 2.
    [Fact]
    public void Xor_Rfc8439AppendixA2Vector2_MatchesCiphertext()
    {
        var plaintext = Encoding.ASCII.GetBytes(
            "Any submission to the IETF intended by the Contributor for publication as all or part of an IETF "
            + "Internet-Draft or RFC and any statement made within the context of an IETF activity is considered an "
            + "\"IETF Contribution\". Such statements include oral statements in IETF sessions, as well as written and "
            + "electronic communications made at any time or place, which are addressed to");
        Assert.Equal(375, plaintext.Length);
        Assert.Equal(
            "a3fbf07df3fa2fde4f376ca23e82737041605d9f4f4f57bd8cff2c1d4b7955ec2a97948bd3722915c8f3d337f7d37005"
            + "0e9e96d647b7c39f56e031ca5eb6250d4042e02785ececfa4b4bb5e8ead0440e20b6e8db09d881a7c6132f420e527950"
            + "42bdfa7773d8a9051447b3291ce1411c680465552aa6c405b7764d5e87bea85ad00f8449ed8f72d0d662ab052691ca66"
            + "424bc86d2df80ea41f43abf937d3259dc4b2d0dfb48a6c9139ddd7f76966e928e635553ba76c5c879d7b35d49eb2e62b"
            + "0871cdac638939e25e8a1e0ef9d5280fa8ca328b351c3c765989cbcf3daa8b6ccc3aaf9f3979c92b3720fc88dc95ed84"
            + "a1be059c6499b9fda236e7e818b04b0bc39c1e876b193bfe5569753f88128cc08aaa9b63d1a16f80ef2554d7189c411f"
            + "5869ca52c5b83fa36ff216b9c1d30062bebcfd2dc5bce0911934fda79a86f6e698ced759c3ff9b6477338f3da4f9cd85"
            + "14ea9982ccafb341b2384dd902f3d1ab7ac61dd29c6f21ba5b862f3730e37cfdc4fd806c22f221",
            Encrypt("0000000000000000000000000000000000000000000000000000000000000001", "000000000000000000000002", 1, plaintext));
    }

    // RFC 8439 appendix A.2, test vector 3.
    [Fact]
    public void Xor_Rfc8439AppendixA2Vector3_MatchesCiphertext()
    {
        var plaintext = Encoding.ASCII.GetBytes(
            "'Twas brillig, and the slithy toves\nDid gyre and gimble in the wabe:\nAll mimsy were the borogoves,\nAnd the mome raths outgrabe.");
        Assert.Equal(127, plaintext.Length);
        Assert.Equal(
            "62e6347f95ed87a45ffae7426f27a1df5fb69110044c0d73118effa95b01e5cf166d3df2d721caf9b21e5fb14c616871"
            + "fd84c54f9d65b283196c7fe4f60553ebf39c6402c42234e32a356b3e764312a61a5532055716ead6962568f87d3f3f77"
            + "04c6a8d1bcd1bf4d50d6154b6da731b187b58dfd728afa36757a797ac188d1",
            Encrypt("1c9240a5eb55d38af333888604f6b5f0473917c1402b80099dca5cbc207075c0", "000000000000000000000002", 42, plaintext));
    }

    [Fact]
    public void Xor_InPiecesOfOddSizes_SameAsOneCall()
    {
        var key = Convert.FromHexString(SequentialKey);
        var nonce = Convert.FromHexString("000000000000004a00000000");
        var data = new byte[1000];
        Random.Shared.NextBytes(data);
        var whole = new byte[data.Length];
        using (var chacha = new ChaCha20(key, nonce, 0))
        {
            chacha.Xor(data, whole);
        }
        var pieces = (byte[])data.Clone();
        using (var chacha = new ChaCha20(key, nonce, 0))
        {
            var offset = 0;
            foreach (var size in new[] { 1, 63, 64, 65, 0, 7, 300 })
            {
                chacha.Xor(pieces.AsSpan(offset, size));
                offset += size;
            }
            chacha.Xor(pieces.AsSpan(offset));
        }
        Assert.Equal(whole, pieces);
    }

    private static string Encrypt(string key, string nonce, uint counter, byte[] plaintext)
    {
        var output = new byte[plaintext.Length];
        using var chacha = new ChaCha20(Convert.FromHexString(key), Convert.FromHexString(nonce), counter);
        chacha.Xor(plaintext, output);
        return Convert.ToHexStringLower(output);
    }
}
