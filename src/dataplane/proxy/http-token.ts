/** An RFC 9110 token (§5.6.2): what a method or a header name is made of. */
export const HTTP_TOKEN = /^[!#$%&'*+\-.^_`|~0-9A-Za-z]+$/;
